package org.ecofoyer.storage;

/** A storage problem with a message that tells the operator what to do. */
public class StorageException extends RuntimeException {
    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
