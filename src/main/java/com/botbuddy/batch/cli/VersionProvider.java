package com.botbuddy.batch.cli;

import picocli.CommandLine;

/** {@code --version}: the jar's implementation version (from the manifest), or "dev" when run from classes. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] { "botbuddy-batch " + (version == null ? "dev" : version),
                "Java " + System.getProperty("java.version") };
    }
}
