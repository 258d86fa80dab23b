package com.botbuddy.batch.ops;

/**
 * An input file or parameter that cannot be used (unreadable, wrong format, no header, unsafe path...).
 * A job failing with this (anywhere in the cause chain) ends with exit code 2, not "restartable".
 * The message is shown to the operator as is: make it say what is wrong and what to do.
 */
public class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
