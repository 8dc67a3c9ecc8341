package io.parley.server.service;

import io.parley.protocol.codec.WireTypes;
import io.parley.protocol.message.ChangePasswordMes;
import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.LogoutAllMes;
import io.parley.protocol.message.OkMes;
import io.parley.protocol.message.StatusCode;
import io.parley.server.store.SessionStore;
import io.parley.server.store.UserRecord;
import io.parley.server.store.UserStore;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ending sessions for good: a logout revokes the session's token id, "log out everywhere" and a password change
 * raise the user's token epoch, which voids every token issued before and closes the user's other sessions —
 * here at once, on other nodes when they hear of it ({@link Peers#sessionsRevoked}).
 */
final class Credentials {
    private static final Logger log = LoggerFactory.getLogger(Credentials.class);

    private final UserStore users;
    private final UserDirectory directory;
    private final SessionStore sessions;
    private final PasswordHasher hasher;
    private final ResumeTokens tokens;
    private final Presence presence;
    private final Peers peers;
    /** Per user, the lowest epoch still valid, as this node has learnt it; closes a resume racing with a bump. */
    private final ConcurrentMap<Integer, Long> validFrom = new ConcurrentHashMap<>();
    /** Sessions with a password change in flight: one at a time, since each costs two bcrypt hashes. */
    private final Set<Long> changing = ConcurrentHashMap.newKeySet();

    Credentials(
            UserStore users,
            UserDirectory directory,
            SessionStore sessions,
            PasswordHasher hasher,
            ResumeTokens tokens,
            Presence presence,
            Peers peers) {
        this.users = users;
        this.directory = directory;
        this.sessions = sessions;
        this.hasher = hasher;
        this.tokens = tokens;
        this.presence = presence;
        this.peers = peers;
    }

    /**
     * {@code LogoutMes}: revokes the session's token id — every token handed to it since its password login —
     * then closes the connection, so that once the client sees the close a resume with any of them fails.
     */
    void logout(ClientSession session) {
        SessionToken token = session.token();
        if (!session.extended() || token == null) {
            session.link().close(); // a tutorial connection was never handed a token
            return;
        }
        // The callback handles both outcomes; nothing else waits for the chain.
        var revoking = sessions.revoke(token.userId(), token.idText(), tokens.expiresAt(token));
        var unused = revoking.whenComplete((ok, error) -> {
            if (error != null) {
                log.warn("could not revoke the token of user {} at logout: {}", token.userId(), error.toString());
            }
            session.link().close();
        });
    }

    /** Whether {@code token} was voided by an epoch bump this node knows of, though the store said otherwise. */
    boolean voided(SessionToken token) {
        return token.epoch() < validFrom.getOrDefault(token.userId(), 0L);
    }

    /** {@code LogoutAllMes}: raises the epoch; this session stays, with a fresh token in the reply. */
    void logoutAll(ClientSession session, LogoutAllMes request) {
        if (!parleyOnly(session, request)) {
            return;
        }
        int userId = session.userId();
        // The callback handles both outcomes; nothing else waits for the chain.
        var unused = sessions.bumpTokenEpoch(userId)
                .whenCompleteAsync(
                        (epoch, error) -> {
                            if (error != null) {
                                log.warn("log out everywhere failed for user {}: {}", userId, error.toString());
                                Replies.refuse(
                                        session,
                                        StatusCode.UNAVAILABLE,
                                        "the store is unavailable, try again",
                                        request);
                                return;
                            }
                            session.token(session.token().withEpoch(epoch));
                            revoked(userId, epoch);
                            peers.sessionsRevoked(userId, epoch);
                            log.info(
                                    "user {} logged out everywhere from {}",
                                    userId,
                                    session.link().describe());
                            session.send(new OkMes(
                                    WireTypes.nameOf(request), request.reqId(), null, tokens.issue(session.token())));
                        },
                        session.link().executor());
    }

    /**
     * {@code ChangePasswordMes}: checks the old password on the hasher pool, stores the new hash and a raised
     * epoch in one step; this session stays, with a fresh token (and a fresh lifetime: it has just proved the
     * password) in the reply.
     */
    void changePassword(ClientSession session, ChangePasswordMes request) {
        if (!parleyOnly(session, request)) {
            return;
        }
        if (request.newPwd().getBytes(StandardCharsets.UTF_8).length > PasswordHasher.MAX_PASSWORD_BYTES) {
            Replies.refuse(
                    session,
                    StatusCode.BAD_REQUEST,
                    "password is longer than " + PasswordHasher.MAX_PASSWORD_BYTES + " bytes",
                    request);
            return;
        }
        if (!changing.add(session.id())) {
            Replies.refuse(session, StatusCode.CONFLICT, "a password change is already in progress", request);
            return;
        }
        int userId = session.userId();
        // The callback handles both outcomes; nothing else waits for the chain.
        var unused = users.find(userId)
                .thenCompose(user -> verified(session, user, request.oldPwd()))
                .thenCompose(user -> user.isEmpty()
                        ? CompletableFuture.completedFuture(Optional.<Long>empty())
                        : hasher.hash(request.newPwd(), () -> session.state() != SessionState.CLOSED)
                                .thenCompose(hash ->
                                        users.changePassword(userId, user.get().passwordHash(), hash)))
                .whenCompleteAsync(
                        (epoch, error) -> {
                            changing.remove(session.id());
                            if (error instanceof WrongPassword
                                    || (error != null && error.getCause() instanceof WrongPassword)) {
                                log.info(
                                        "password change refused for user {} from {}: wrong password",
                                        userId,
                                        session.link().describe());
                                Replies.refuse(session, StatusCode.FORBIDDEN, "wrong password", request);
                            } else if (error != null) {
                                log.warn("password change failed for user {}: {}", userId, error.toString());
                                Replies.refuse(
                                        session,
                                        StatusCode.UNAVAILABLE,
                                        "the store is unavailable, try again",
                                        request);
                            } else if (epoch.isEmpty()) {
                                Replies.refuse(
                                        session,
                                        StatusCode.CONFLICT,
                                        "the password was changed meanwhile; try again",
                                        request);
                            } else {
                                session.token(tokens.fresh(userId, epoch.get()));
                                revoked(userId, epoch.get());
                                peers.sessionsRevoked(userId, epoch.get());
                                log.info(
                                        "user {} changed the password from {}",
                                        userId,
                                        session.link().describe());
                                session.send(new OkMes(
                                        WireTypes.nameOf(request),
                                        request.reqId(),
                                        null,
                                        tokens.issue(session.token())));
                            }
                        },
                        session.link().executor());
    }

    /**
     * Raises the epoch of {@code userId}, so that every token issued before is void, and closes the user's
     * sessions here and on the other nodes; the new epoch. For the operator's kick, ban and password reset.
     */
    CompletableFuture<Long> endEverySession(int userId) {
        return sessions.bumpTokenEpoch(userId).thenApply(epoch -> {
            ended(userId, epoch);
            return epoch;
        });
    }

    /** After a bump of the epoch to {@code epoch} made elsewhere (a store operation that bumps it too). */
    void ended(int userId, long epoch) {
        revoked(userId, epoch);
        peers.sessionsRevoked(userId, epoch);
    }

    /**
     * Tokens of {@code userId} older than {@code epoch} are void: this node's sessions holding one end. Called
     * here after a bump, and by peers for bumps on other nodes.
     */
    void revoked(int userId, long epoch) {
        validFrom.merge(userId, epoch, Math::max);
        // The bump may be a deletion's: the next message to the user asks the store whether it still exists.
        directory.forget(userId);
        for (ClientSession other : presence.sessionsOf(userId)) {
            other.link().executor().execute(() -> {
                SessionToken token = other.token();
                if (other.state() == SessionState.AUTHENTICATED && token != null && token.epoch() < epoch) {
                    Replies.error(
                            other,
                            StatusCode.NOT_LOGGED_IN,
                            "this session was ended: the account logged out everywhere or changed its password, or"
                                    + " the server's operator ended it",
                            null);
                    other.link().close();
                }
            });
        }
    }

    private CompletableFuture<Optional<UserRecord>> verified(
            ClientSession session, Optional<UserRecord> user, String password) {
        if (user.isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return hasher.verify(password, user.get().passwordHash(), () -> session.state() != SessionState.CLOSED)
                .thenApply(ok -> {
                    if (!ok) {
                        throw new WrongPassword();
                    }
                    return user;
                });
    }

    /** These requests answer with a Parley type; a tutorial connection cannot read it. */
    private static boolean parleyOnly(ClientSession session, ClientMessage request) {
        if (!session.extended()) {
            String type = WireTypes.nameOf(request);
            Replies.error(session, StatusCode.BAD_REQUEST, type + " needs a Parley connection (HelloMes)", type);
            return false;
        }
        return true;
    }

    private static final class WrongPassword extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WrongPassword() {
            super("wrong password", null, false, false);
        }
    }
}
