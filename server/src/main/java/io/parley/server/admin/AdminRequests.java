package io.parley.server.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.parley.server.metrics.ServerMetrics;
import io.parley.server.service.Administration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin listener's routes. {@code GET /metrics} and {@code GET /health} are open to whoever reaches the
 * listener (Prometheus and load balancers carry no secret); everything under {@code /admin/} needs the token
 * ({@code Authorization: Bearer …}) and is logged with who asked. Answers are JSON, one object, with an HTTP
 * status that says how it went (docs/operations.md, "Admin API").
 */
@ChannelHandler.Sharable
public final class AdminRequests extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(AdminRequests.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A health check whose store does not answer within this is "down". */
    private static final long HEALTH_TIMEOUT_SECONDS = 2;

    /** Whether the store answers: the future completes when it does, fails when it cannot. */
    @FunctionalInterface
    public interface Health {
        CompletableFuture<?> check();
    }

    /** A copy of the store into a file; blocking, run on a thread of its own. */
    @FunctionalInterface
    public interface Backup {
        /** The copy's size in bytes. */
        long to(Path file) throws Exception;
    }

    private final ServerMetrics metrics;
    private final Administration administration;
    private final AdminToken token;
    private final Health health;
    private final Supplier<Map<String, Object>> stats;
    /** Null when the store has no backup of its own (Redis). */
    private final Backup backup;
    /** One backup at a time: a second would only compete for the disk. */
    private final AtomicBoolean backingUp = new AtomicBoolean();

    /**
     * @param backup the store's backup, or null when backing it up is the job of its own operator (Redis)
     */
    public AdminRequests(
            ServerMetrics metrics,
            Administration administration,
            AdminToken token,
            Health health,
            Supplier<Map<String, Object>> stats,
            Backup backup) {
        this.metrics = metrics;
        this.administration = administration;
        this.token = token;
        this.health = health;
        this.stats = stats;
        this.backup = backup;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        if (path.equals("/metrics")) {
            if (get(ctx, request)) {
                metrics(ctx, request);
            }
        } else if (path.equals("/health")) {
            if (get(ctx, request)) {
                health(ctx, request);
            }
        } else if (path.startsWith("/admin/")) {
            if (!token.authorizes(request.headers().get(HttpHeaderNames.AUTHORIZATION))) {
                log.warn(
                        "admin: refused {} {} from {}: no valid token",
                        request.method(),
                        path,
                        ctx.channel().remoteAddress());
                answer(
                        ctx,
                        request,
                        HttpResponseStatus.UNAUTHORIZED,
                        Map.of(
                                "error",
                                "this needs the admin token (" + AdminToken.FILE_NAME
                                        + " in the server's data folder)"));
                return;
            }
            admin(ctx, request, path.substring("/admin/".length()), uri);
        } else {
            answer(ctx, request, HttpResponseStatus.NOT_FOUND, Map.of("error", "no such path: " + path));
        }
    }

    private void metrics(ChannelHandlerContext ctx, FullHttpRequest request) {
        ByteBuf body = ctx.alloc().buffer(64 * 1024);
        try (ByteBufOutputStream out = new ByteBufOutputStream(body)) {
            metrics.writeTo(out);
        } catch (IOException e) {
            body.release();
            answer(ctx, request, HttpResponseStatus.INTERNAL_SERVER_ERROR, Map.of("error", e.toString()));
            return;
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, metrics.contentType());
        send(ctx, request, response);
    }

    private void health(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        var unused = health.check()
                .orTimeout(HEALTH_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .whenComplete((ok, error) -> {
                    if (error == null) {
                        answer(ctx, keepAlive, HttpResponseStatus.OK, Map.of("status", "up"));
                    } else {
                        Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                        answer(
                                ctx,
                                keepAlive,
                                HttpResponseStatus.SERVICE_UNAVAILABLE,
                                Map.of("status", "down", "reason", "the store does not answer: " + cause));
                    }
                });
    }

    private void admin(ChannelHandlerContext ctx, FullHttpRequest request, String action, QueryStringDecoder uri) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        String from = String.valueOf(ctx.channel().remoteAddress());
        switch (action) {
            case "who" -> {
                if (get(ctx, request)) {
                    Administration.Who who = administration.who(
                            intParameter(uri, "offset", 0), intParameter(uri, "limit", Administration.MAX_PAGE));
                    answer(
                            ctx,
                            request,
                            HttpResponseStatus.OK,
                            Map.of(
                                    "online", who.online(),
                                    "offset", who.offset(),
                                    "userIds", who.userIds(),
                                    "sessionsOnThisNode", who.onThisNode()));
                }
            }
            case "stats" -> {
                if (get(ctx, request)) {
                    answer(ctx, request, HttpResponseStatus.OK, stats.get());
                }
            }
            case "kick" ->
                onUser(
                        ctx,
                        request,
                        keepAlive,
                        from,
                        "kick",
                        user -> administration
                                .kick(user)
                                .thenApply(ended -> ended.isEmpty()
                                        ? notFound(user)
                                        : ok(Map.of("user", user, "sessionsEndedOnThisNode", ended.get()))));
            case "ban" -> ban(ctx, request, keepAlive, from);
            case "unban" ->
                onUser(
                        ctx,
                        request,
                        keepAlive,
                        from,
                        "unban",
                        user -> administration
                                .unban(user)
                                .thenApply(lifted -> lifted
                                        ? ok(Map.of("user", user, "unbanned", true))
                                        : new Outcome(
                                                HttpResponseStatus.NOT_FOUND,
                                                Map.of(
                                                        "error",
                                                        "user " + user + " is not banned, or does not exist"))));
            case "reset-password" ->
                onUser(
                        ctx,
                        request,
                        keepAlive,
                        from,
                        "reset-password",
                        user -> administration
                                .resetPassword(user)
                                .thenApply(password -> password.isEmpty()
                                        ? notFound(user)
                                        : ok(Map.of("user", user, "password", password.get()))));
            case "delete-user" ->
                onUser(
                        ctx,
                        request,
                        keepAlive,
                        from,
                        "delete-user",
                        user -> administration
                                .deleteUser(user)
                                .thenApply(deleted ->
                                        deleted ? ok(Map.of("user", user, "deleted", true)) : notFound(user)));
            case "backup" -> backup(ctx, request, from);
            default ->
                answer(ctx, request, HttpResponseStatus.NOT_FOUND, Map.of("error", "no such admin action: " + action));
        }
    }

    /** An action on the {@code user} of the request's body: logged with who asked, then carried out. */
    private void onUser(
            ChannelHandlerContext ctx,
            FullHttpRequest request,
            boolean keepAlive,
            String from,
            String action,
            Function<Integer, CompletableFuture<Outcome>> act) {
        Integer user = user(ctx, request);
        if (user != null) {
            log.info("admin: {} user {} (asked from {})", action, user, from);
            reply(ctx, keepAlive, action, act.apply(user));
        }
    }

    private void ban(ChannelHandlerContext ctx, FullHttpRequest request, boolean keepAlive, String from) {
        JsonNode body = body(ctx, request);
        if (body == null) {
            return;
        }
        JsonNode user = body.get("user");
        JsonNode seconds = body.get("seconds");
        JsonNode reason = body.get("reason");
        if (user == null
                || !user.canConvertToInt()
                || user.asInt() <= 0
                || (seconds != null && (!seconds.canConvertToLong() || seconds.asLong() <= 0))
                || (reason != null && !reason.isTextual())) {
            answer(
                    ctx,
                    request,
                    HttpResponseStatus.BAD_REQUEST,
                    Map.of(
                            "error",
                            "expected {\"user\": <id>, \"seconds\": <how long, or absent for good>, \"reason\": <text>}"));
            return;
        }
        int id = user.asInt();
        Duration length = seconds == null ? null : Duration.ofSeconds(seconds.asLong());
        String why = reason == null ? "" : reason.asText();
        log.info(
                "admin: ban user {} {} ({}) (asked from {})",
                id,
                length == null ? "until unbanned" : "for " + length,
                why,
                from);
        reply(ctx, keepAlive, "ban", administration.ban(id, length, why).thenApply(ban -> {
            if (ban.isEmpty()) {
                return notFound(id);
            }
            Map<String, Object> done = new LinkedHashMap<>();
            done.put("user", id);
            done.put(
                    "until",
                    ban.get().until() == null ? "unbanned" : ban.get().until().toString());
            done.put("reason", ban.get().reason());
            return ok(done);
        }));
    }

    private void backup(ChannelHandlerContext ctx, FullHttpRequest request, String from) {
        JsonNode body = body(ctx, request);
        if (body == null) {
            return;
        }
        JsonNode file = body.get("file");
        if (file == null || !file.isTextual() || !Path.of(file.asText()).isAbsolute()) {
            answer(
                    ctx,
                    request,
                    HttpResponseStatus.BAD_REQUEST,
                    Map.of("error", "expected {\"file\": <an absolute path on the server's machine>}"));
            return;
        }
        if (backup == null) {
            answer(
                    ctx,
                    request,
                    HttpResponseStatus.CONFLICT,
                    Map.of(
                            "error",
                            "this server's store is Redis: back it up with Redis's own means (docs/operations.md)"));
            return;
        }
        if (!backingUp.compareAndSet(false, true)) {
            answer(ctx, request, HttpResponseStatus.CONFLICT, Map.of("error", "a backup is running already"));
            return;
        }
        Path target = Path.of(file.asText());
        log.info("admin: backup to {} (asked from {})", target, from);
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        long start = System.nanoTime();
        // A thread of its own, not the admin loop: a copy of a large store takes seconds.
        Thread copier = new Thread(
                () -> {
                    try {
                        long bytes = backup.to(target);
                        double seconds = (System.nanoTime() - start) / 1e9;
                        log.info("admin: backup to {} done, {} bytes in {} s", target, bytes, seconds);
                        metrics.adminAction("backup");
                        answer(
                                ctx,
                                keepAlive,
                                HttpResponseStatus.OK,
                                Map.of("file", target.toString(), "bytes", bytes, "seconds", seconds));
                    } catch (Exception e) {
                        log.warn("admin: backup to {} failed: {}", target, e.toString());
                        answer(
                                ctx,
                                keepAlive,
                                HttpResponseStatus.INTERNAL_SERVER_ERROR,
                                Map.of("error", "backup failed: " + e.getMessage()));
                    } finally {
                        backingUp.set(false);
                    }
                },
                "parley-backup");
        copier.setDaemon(true);
        copier.start();
    }

    /** A status and a JSON object, as a future's outcome. */
    private record Outcome(HttpResponseStatus status, Map<String, Object> body) {}

    private static Outcome ok(Map<String, Object> body) {
        return new Outcome(HttpResponseStatus.OK, body);
    }

    private static Outcome notFound(int user) {
        return new Outcome(HttpResponseStatus.NOT_FOUND, Map.of("error", "no user " + user));
    }

    /** Answers with the outcome; one that succeeded counts as {@code action} carried out. */
    private void reply(
            ChannelHandlerContext ctx, boolean keepAlive, String action, CompletableFuture<Outcome> outcome) {
        var unused = outcome.whenComplete((o, error) -> {
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            if (cause instanceof IllegalArgumentException) {
                answer(ctx, keepAlive, HttpResponseStatus.BAD_REQUEST, Map.of("error", cause.getMessage()));
            } else if (error != null) {
                log.warn("admin: failed: {}", cause.toString());
                answer(
                        ctx,
                        keepAlive,
                        HttpResponseStatus.SERVICE_UNAVAILABLE,
                        Map.of("error", "the store did not answer, nothing may have changed: " + cause));
            } else {
                if (o.status().equals(HttpResponseStatus.OK)) {
                    metrics.adminAction(action);
                }
                answer(ctx, keepAlive, o.status(), o.body());
            }
        });
    }

    /** The {@code user} of a POST's JSON body, or null after answering why there is none. */
    private static Integer user(ChannelHandlerContext ctx, FullHttpRequest request) {
        JsonNode body = body(ctx, request);
        if (body == null) {
            return null;
        }
        JsonNode user = body.get("user");
        if (user == null || !user.canConvertToInt() || user.asInt() <= 0) {
            answer(ctx, request, HttpResponseStatus.BAD_REQUEST, Map.of("error", "expected {\"user\": <a user id>}"));
            return null;
        }
        return user.asInt();
    }

    /** A POST's JSON object, or null after answering why there is none. */
    static JsonNode body(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!HttpMethod.POST.equals(request.method())) {
            answer(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, Map.of("error", "this takes POST"));
            return null;
        }
        try {
            JsonNode body = JSON.readTree(request.content().toString(StandardCharsets.UTF_8));
            if (body == null || !body.isObject()) {
                throw new IllegalArgumentException("not an object");
            }
            return body;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            answer(ctx, request, HttpResponseStatus.BAD_REQUEST, Map.of("error", "the body must be a JSON object"));
            return null;
        }
    }

    private static boolean get(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (HttpMethod.GET.equals(request.method())) {
            return true;
        }
        answer(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, Map.of("error", "this takes GET"));
        return false;
    }

    private static int intParameter(QueryStringDecoder uri, String name, int otherwise) {
        List<String> values = uri.parameters().get(name);
        try {
            return values == null || values.isEmpty() ? otherwise : Integer.parseInt(values.get(0));
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    private static void answer(
            ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, Map<String, ?> body) {
        answer(ctx, HttpUtil.isKeepAlive(request), status, body);
    }

    private static void answer(
            ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, Map<String, ?> body) {
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(new LinkedHashMap<>(body));
        } catch (JsonProcessingException e) {
            json = ("{\"error\":\"" + e.getClass().getSimpleName() + "\"}").getBytes(StandardCharsets.UTF_8);
        }
        FullHttpResponse response =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(json));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        send(ctx, keepAlive, response);
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response) {
        send(ctx, HttpUtil.isKeepAlive(request), response);
    }

    private static void send(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse response) {
        response.headers()
                .set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        HttpUtil.setKeepAlive(response, keepAlive);
        var written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
