package io.parley.server.store.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Lua scripts that make multi-key updates atomic, each read once from the {@code .lua} file next to
 * this class, with the SHA-1 digest Redis knows it by.
 */
enum Script {
    WRITE_LOGS("write_logs.lua"),
    POSITION("position.lua"),
    CREATE_GROUP("create_group.lua"),
    JOIN("join.lua"),
    RESERVE_GROUP("reserve_group.lua"),
    LEAVE("leave.lua"),
    CONNECT("connect.lua"),
    DISCONNECT("disconnect.lua"),
    DROP_NODE("drop_node.lua"),
    SET_SESSIONS("set_sessions.lua"),
    TOKEN_KEYS("token_keys.lua"),
    ROTATE_TOKEN_KEY("rotate_token_key.lua"),
    CHANGE_PASSWORD("change_password.lua"),
    RESET_PASSWORD("reset_password.lua"),
    BAN("ban.lua"),
    DELETE_USER("delete_user.lua"),
    CLEAR_INBOX("clear_inbox.lua");

    private final String source;
    private final String sha;

    Script(String file) {
        this.source = read(file);
        this.sha = sha1(source);
    }

    String source() {
        return source;
    }

    /** The digest EVALSHA takes; Redis computes the same one from the source on SCRIPT LOAD. */
    String sha() {
        return sha;
    }

    private static String read(String file) {
        try (InputStream in = Script.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("missing script resource " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read script " + file, e);
        }
    }

    private static String sha1(String source) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    }
}
