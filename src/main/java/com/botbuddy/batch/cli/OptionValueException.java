package com.botbuddy.batch.cli;

import picocli.CommandLine.TypeConversionException;

/**
 * A value one of our converters refuses. Its message continues the option's name ("must be ..., not 'x'"): the
 * command line prints {@code --date must be ..., not 'x'} rather than picocli's {@code Invalid value for ...}.
 */
final class OptionValueException extends TypeConversionException {
    OptionValueException(String message) {
        super(message);
    }
}
