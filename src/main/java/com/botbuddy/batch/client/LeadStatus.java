package com.botbuddy.batch.client;

/** The six statuses, in the API's spelling (note {@code DEPENDANCY}). */
public enum LeadStatus {
    OPEN, INPROGRESS, REVIEW, ONHOLD, DEPENDANCY, CLOSED
}
