package io.perpguard.data.download;

/** The exchange could not be reached or kept failing; what was written so far is kept, and a rerun resumes. */
public class DownloadException extends RuntimeException {
    public DownloadException(String message, Throwable cause) {
        super(message, cause);
    }

    public DownloadException(String message) {
        super(message);
    }
}
