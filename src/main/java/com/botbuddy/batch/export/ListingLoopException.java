package com.botbuddy.batch.export;

/** The listing does not end: the API repeats a page or there are more pages than --max-pages allows. */
public class ListingLoopException extends RuntimeException {
    public ListingLoopException(String message) {
        super(message);
    }
}
