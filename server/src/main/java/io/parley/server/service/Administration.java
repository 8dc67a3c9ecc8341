package io.parley.server.service;

import io.parley.server.store.UserRecord;
import io.parley.server.store.UserStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What the server's operator may do to users, through the admin listener ({@code parley admin}): see who is
 * online, end a user's sessions, ban and unban, reset a password, delete an account. Every action that ends
 * sessions does so on every node, and voids the user's resume tokens. Each action is the caller's to log, with
 * who asked.
 */
public final class Administration {
    /** The most ids one {@link #who} answer lists. */
    public static final int MAX_PAGE = 1000;
    /** Letters of a reset password: no 0/O or 1/l/I, so that it can be read out. */
    private static final String PASSWORD_LETTERS = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private static final int PASSWORD_LENGTH = 16;
    /** The most a ban reason holds: it is shown to the user in a login reply. */
    public static final int MAX_REASON_LENGTH = 200;

    private final Presence presence;
    private final Credentials credentials;
    private final UserStore users;
    private final UserDirectory directory;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    Administration(
            Presence presence,
            Credentials credentials,
            UserStore users,
            UserDirectory directory,
            PasswordHasher hasher,
            Clock clock) {
        this.presence = presence;
        this.credentials = credentials;
        this.users = users;
        this.directory = directory;
        this.hasher = hasher;
        this.clock = clock;
    }

    /**
     * Who is online on every node: how many, and a page of their ids.
     *
     * @param online     users online in the cluster
     * @param userIds    a page of them, ascending
     * @param onThisNode sessions (connections logged in) on this node
     */
    public record Who(int online, int offset, List<Integer> userIds, int onThisNode) {}

    /** Users online on every node, without copying a list: what a metrics scrape asks every few seconds. */
    public int usersOnline() {
        return presence.count();
    }

    public Who who(int offset, int limit) {
        int page = Math.max(0, Math.min(limit, MAX_PAGE));
        return new Who(
                presence.count(),
                offset,
                presence.page(Math.max(0, offset), page),
                presence.localSessions().size());
    }

    /**
     * Ends every session of {@code userId} on every node, and voids its resume tokens so that none comes back
     * without the password. Completes empty when there is no such user, else with the sessions ended here.
     */
    public CompletableFuture<Optional<Integer>> kick(int userId) {
        return directory.find(userId).thenCompose(user -> {
            if (user.isEmpty()) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            int here = presence.sessionsOf(userId).size();
            return credentials.endEverySession(userId).thenApply(epoch -> Optional.of(here));
        });
    }

    /**
     * A ban, as it was recorded.
     *
     * @param until when it ends; null when it lasts until {@link #unban}
     */
    public record Ban(int userId, Instant until, String reason) {}

    /**
     * Bans {@code userId} for {@code length} (null: until unbanned): its logins are refused on every node with
     * {@code 423} and {@link #banSentence}, and its sessions end now. Empty when there is no such user.
     */
    public CompletableFuture<Optional<Ban>> ban(int userId, Duration length, String reason) {
        String why = reason == null ? "" : reason.strip();
        if (why.length() > MAX_REASON_LENGTH) {
            return CompletableFuture.failedFuture(
                    new IllegalArgumentException("the reason is longer than " + MAX_REASON_LENGTH + " characters"));
        }
        long until = length == null
                ? UserRecord.BANNED_FOR_GOOD
                : clock.instant().plus(length).toEpochMilli();
        return users.ban(userId, until, why)
                .thenApply(epoch -> epoch.map(e -> {
                    credentials.ended(userId, e);
                    return new Ban(userId, length == null ? null : Instant.ofEpochMilli(until), why);
                }));
    }

    /** Lifts the ban of {@code userId}; false when it was not banned or does not exist. */
    public CompletableFuture<Boolean> unban(int userId) {
        return users.unban(userId);
    }

    /**
     * Gives {@code userId} a new random password, hashed on the hashing pool, and ends its sessions; the
     * password, for the operator to hand over once, or empty when there is no such user.
     */
    public CompletableFuture<Optional<String>> resetPassword(int userId) {
        String password = newPassword();
        return directory
                .find(userId)
                .thenCompose(user -> user.isEmpty()
                        ? CompletableFuture.completedFuture(Optional.<String>empty())
                        : hasher.hash(password, () -> true)
                                .thenCompose(hash -> users.resetPassword(userId, hash))
                                .thenApply(epoch -> epoch.map(e -> {
                                    credentials.ended(userId, e);
                                    return password;
                                })));
    }

    /**
     * Deletes {@code userId}'s account and what the store holds of it (docs/operations.md, "Admin", says what),
     * and ends its sessions on every node; false when there is no such user.
     */
    public CompletableFuture<Boolean> deleteUser(int userId) {
        return users.delete(userId).thenApply(deleted -> {
            if (deleted) {
                // The tombstone's epoch was raised with the deletion: every node ends the sessions and forgets the
                // user.
                credentials.ended(userId, Long.MAX_VALUE);
            }
            return deleted;
        });
    }

    /** What a banned user is told when a login is refused. */
    static String banSentence(UserRecord user) {
        String until = user.bannedUntil() == UserRecord.BANNED_FOR_GOOD
                ? "banned"
                : "banned until " + Instant.ofEpochMilli(user.bannedUntil());
        return user.banReason().isEmpty() ? until : until + ": " + user.banReason();
    }

    private String newPassword() {
        StringBuilder password = new StringBuilder(PASSWORD_LENGTH);
        for (int i = 0; i < PASSWORD_LENGTH; i++) {
            password.append(PASSWORD_LETTERS.charAt(random.nextInt(PASSWORD_LETTERS.length())));
        }
        return password.toString();
    }
}
