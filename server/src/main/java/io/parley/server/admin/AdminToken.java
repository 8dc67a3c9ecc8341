package io.parley.server.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The secret that {@code parley admin} shows the admin listener: 32 random bytes in {@value #FILE_NAME} in the
 * data folder, readable by the server's user only (0600), made on the first start. Whoever can read the data
 * folder can read the messages anyway; the token adds no one to that circle. Delete the file and restart to
 * change it.
 */
public final class AdminToken {
    public static final String FILE_NAME = "admin.token";

    private final byte[] token;

    private AdminToken(String token) {
        this.token = token.getBytes(StandardCharsets.US_ASCII);
    }

    /** The token in {@code dataDir}, made there first if there is none. */
    public static AdminToken inFolder(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String made = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Files.createDirectories(dataDir);
            try {
                // Created with its permissions, so that it is never readable by others, not even for a moment.
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, made + "\n", StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
            } catch (FileAlreadyExistsException e) {
                // Another process made it first: use theirs.
            } catch (UnsupportedOperationException e) {
                throw new IOException("cannot make " + file + " readable by its owner only on this file system", e);
            }
        }
        return new AdminToken(read(file));
    }

    /** The token as {@code parley admin} reads it from the data folder. */
    public static String read(Path file) throws IOException {
        String token = Files.readString(file, StandardCharsets.US_ASCII).trim();
        if (token.isEmpty()) {
            throw new IOException(file + " is empty: delete it and restart the server to make a new token");
        }
        return token;
    }

    /** Whether an {@code Authorization} header carries this token, compared in constant time. */
    boolean authorizes(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        byte[] given = authorization.substring("Bearer ".length()).trim().getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(given, token);
    }
}
