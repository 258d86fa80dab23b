package com.botbuddy.batch.export;

/**
 * Whose staged pages: a job instance, and within a scale-out run (one instance over many targets) the target.
 * A local export stages per instance ({@link #of(long)}); a remote one per target of its instance, so each
 * target's report reads its own chats.
 *
 * @param instanceId the export's job instance
 * @param target the target's number within the run, from 1; 0 for the instance's one target
 */
public record StagingKey(long instanceId, int target) {

    public StagingKey {
        if (instanceId < 0 || target < 0 || target > 9_999) {
            throw new IllegalArgumentException("no staging for instance " + instanceId + ", target " + target);
        }
    }

    /** The staging of a single-target export. */
    public static StagingKey of(long instanceId) {
        return new StagingKey(instanceId, 0);
    }

    /** The suffix of its tables' and spool file's names: {@code <instance>} or {@code <instance>_<target>}. */
    String suffix() {
        return target == 0 ? Long.toString(instanceId) : instanceId + "_" + target;
    }

    @Override
    public String toString() {
        return target == 0 ? "export instance " + instanceId : "export instance " + instanceId + " target " + target;
    }
}
