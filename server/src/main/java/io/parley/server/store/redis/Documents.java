package io.parley.server.store.redis;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.server.store.NewMessage;
import io.parley.server.store.StoredMessage;
import io.parley.server.store.UserRecord;
import java.io.UncheckedIOException;

/**
 * The JSON stored for messages and users. Field names are spelled out here, not taken from the store's
 * records, so that renaming a record component cannot make stored data unreadable; unknown fields are
 * ignored so that a newer server's data stays readable by an older one.
 */
final class Documents {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Documents() {}

    /** The message as write_logs.lua expects it: a JSON object to which the script adds msgId and seq. */
    static String messageBody(NewMessage m) {
        return write(new MessageBody(
                m.log(),
                m.fromUserId(),
                m.fromUserName(),
                m.toUserId(),
                m.group(),
                m.content(),
                m.clientMsgId(),
                m.sentAt()));
    }

    /** The whole stored message, as write_logs.lua stores it. */
    static String message(StoredMessage m) {
        return write(new StoredDocument(
                m.msgId(),
                m.seq(),
                m.log(),
                m.fromUserId(),
                m.fromUserName(),
                m.toUserId(),
                m.group(),
                m.content(),
                m.clientMsgId(),
                m.sentAt()));
    }

    static StoredMessage message(String json) {
        StoredDocument d = read(json, StoredDocument.class);
        return new StoredMessage(
                d.msgId(),
                d.log(),
                d.seq(),
                d.from(),
                d.fromName(),
                d.to(),
                d.group(),
                d.content(),
                d.clientMsgId(),
                d.sentAt());
    }

    static String user(UserRecord user) {
        return write(new UserDocument(user.userId(), user.userName(), user.passwordHash(), user.createdAt()));
    }

    /** The user; its token epoch is kept under a key of its own (RedisKeys.tokenEpoch), passed in here. */
    static UserRecord user(String json, long tokenEpoch) {
        return user(json, tokenEpoch, 0, "");
    }

    /** The user with its token epoch and its ban, each kept under a key of its own (RedisKeys), passed in here. */
    static UserRecord user(String json, long tokenEpoch, long bannedUntil, String banReason) {
        UserDocument d = read(json, UserDocument.class);
        return new UserRecord(
                d.userId(), d.userName(), d.passwordHash(), d.createdAt(), tokenEpoch, bannedUntil, banReason);
    }

    /** {@code value} as a JSON string literal, exactly as it appears inside a document written here. */
    static String literal(String value) {
        return write(value);
    }

    private static String write(Object document) {
        try {
            return JSON.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(
                    "cannot encode " + document.getClass().getSimpleName(), e);
        }
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("unreadable " + type.getSimpleName() + " in Redis", e);
        }
    }

    private record MessageBody(
            String log,
            int from,
            String fromName,
            int to,
            String group,
            String content,
            String clientMsgId,
            long sentAt) {}

    private record StoredDocument(
            long msgId,
            long seq,
            String log,
            int from,
            String fromName,
            int to,
            String group,
            String content,
            String clientMsgId,
            long sentAt) {}

    private record UserDocument(int userId, String userName, String passwordHash, long createdAt) {}
}
