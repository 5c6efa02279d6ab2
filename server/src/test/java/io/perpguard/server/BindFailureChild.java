package io.perpguard.server;

import io.perpguard.InvalidInputException;

/** A desk process asked to listen on a taken port ({@code args[0]}): prints what a user would see on stderr, exits 2. */
final class BindFailureChild {
    private BindFailureChild() {
    }

    public static void main(String[] args) {
        try {
            DeskServer.start(BindFailureTest.config("127.0.0.1", Integer.parseInt(args[0]))).close();
            System.exit(0);
        } catch (InvalidInputException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
    }
}
