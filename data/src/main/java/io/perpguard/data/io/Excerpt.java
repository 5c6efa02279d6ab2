package io.perpguard.data.io;

/** What an error message may echo of user input: at most {@value #MAX} characters, control characters shown as '?'. */
public final class Excerpt {
    public static final int MAX = 60;

    private Excerpt() {
    }

    public static String of(String s) {
        if (s == null) {
            return "null";
        }
        String head = s.length() > MAX ? s.substring(0, MAX) : s;
        head = head.replaceAll("\\p{Cntrl}", "?");
        return s.length() > MAX ? head + "… (" + s.length() + " characters)" : head;
    }
}
