package io.parley.app.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.server.service.PasswordHasher;
import io.parley.server.store.Stores;
import io.parley.server.store.UserRecord;
import io.parley.server.store.sqlite.SqliteStores;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hundreds or thousands of tutorial clients online at once, cheaply: one selector thread logs them all in and
 * reads everything the server sends them, holding the server to the tutorial client's rules on every frame —
 * the first frame after {@code LoginMes} is a successful {@code LoginResMes}, every frame is one of the six seed
 * types with a body of at most 8096 bytes, and no user hears about itself. Reading everything also keeps the
 * server from cutting anyone off as a slow consumer.
 */
public final class Crowd implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Selector selector = Selector.open();
    private final List<Member> members = new ArrayList<>();
    private final CountDownLatch loggedIn;
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final Thread reader;
    private volatile boolean running = true;
    private final ConcurrentHashMap<String, AtomicLong> byType = new ConcurrentHashMap<>();

    private Crowd(int count) throws IOException {
        loggedIn = new CountDownLatch(count);
        reader = new Thread(this::readLoop, "crowd-reader");
        reader.setDaemon(true);
    }

    /**
     * Writes the users {@code ids} (names {@code u<id>}, password {@link TutorialUsers#PASSWORD}) straight into
     * the embedded store in {@code dataDir}, before a server opens it: registering thousands over the wire
     * costs a slow password hash each, and registration has tests of its own.
     */
    public static void seed(Path dataDir, List<Integer> ids) throws Exception {
        String hash;
        try (PasswordHasher hasher = new PasswordHasher(4, 1)) {
            hash = hasher.hash(TutorialUsers.PASSWORD, () -> true).get(10, TimeUnit.SECONDS);
        }
        try (Stores stores = SqliteStores.open(dataDir)) {
            long now = System.currentTimeMillis();
            CompletableFuture<?>[] created = ids.stream()
                    .map(id -> stores.users().create(new UserRecord(id, "u" + id, hash, now)))
                    .toArray(CompletableFuture[]::new);
            CompletableFuture.allOf(created).get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Logs each of the registered users {@code ids} in on its own tutorial connection; returns once every
     * login reply has arrived.
     */
    public static Crowd logIn(ServerAddress server, List<Integer> ids, long timeoutSeconds) throws Exception {
        Crowd crowd = new Crowd(ids.size());
        try {
            for (int id : ids) {
                SocketChannel ch = SocketChannel.open(new InetSocketAddress(server.host(), server.port()));
                ch.configureBlocking(false);
                Member m = new Member(id, ch);
                crowd.members.add(m);
                byte[] body = ("{\"type\":\"LoginMes\",\"data\":"
                                + JSON.writeValueAsString("{\"userId\":" + id + ",\"userPwd\":\""
                                        + TutorialUsers.PASSWORD + "\",\"userName\":\"\"}")
                                + "}")
                        .getBytes(StandardCharsets.UTF_8);
                ByteBuffer frame = ByteBuffer.allocate(4 + body.length)
                        .putInt(body.length)
                        .put(body)
                        .flip();
                while (frame.hasRemaining()) {
                    ch.write(frame);
                }
                ch.register(crowd.selector, SelectionKey.OP_READ, m);
            }
            crowd.reader.start();
            if (!crowd.loggedIn.await(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new IllegalStateException(crowd.loggedIn.getCount() + " of " + ids.size()
                        + " crowd logins unanswered; violations: " + crowd.violations());
            }
            return crowd;
        } catch (Exception | Error e) {
            crowd.close();
            throw e;
        }
    }

    /** Everything the crowd saw that a tutorial client would choke on or must never see; empty when all is well. */
    public List<String> violations() {
        synchronized (violations) {
            return List.copyOf(violations);
        }
    }

    /** The types of every frame received. */
    public Set<String> typesSeen() {
        return Set.copyOf(byType.keySet());
    }

    /** How many frames of {@code type} the crowd has received in all. */
    public long received(String type) {
        AtomicLong n = byType.get(type);
        return n == null ? 0 : n.get();
    }

    private void readLoop() {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        try {
            while (running) {
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    Member m = (Member) key.attachment();
                    buffer.clear();
                    int n;
                    try {
                        n = m.channel.read(buffer);
                    } catch (IOException e) {
                        n = -1;
                    }
                    if (n < 0) {
                        key.cancel();
                        if (running) {
                            violations.add("user " + m.id + ": the server closed its connection");
                        }
                        continue;
                    }
                    buffer.flip();
                    m.consume(buffer, this);
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | RuntimeException e) {
            violations.add("crowd reader failed: " + e);
        }
    }

    private void frame(Member m, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        if (body.length > TutorialClient.LEGACY_MAX_BODY) {
            violations.add("user " + m.id + ": " + body.length + "-byte frame");
        }
        String type = typeOf(text);
        byType.computeIfAbsent(type, t -> new AtomicLong()).incrementAndGet();
        if (!TutorialClient.SEED_TYPES.contains(type)) {
            violations.add("user " + m.id + ": non-seed frame " + abbreviate(text));
        }
        if (!m.answered) {
            m.answered = true;
            checkLoginReply(m, text);
            loggedIn.countDown();
        } else if (type.equals("NotifyUserStatusMes") && text.contains("\\\"userId\\\":" + m.id + ",")) {
            violations.add("user " + m.id + " was told about itself: " + text);
        }
    }

    private void checkLoginReply(Member m, String text) {
        try {
            JsonNode envelope = JSON.readTree(text);
            JsonNode data = JSON.readTree(envelope.path("data").asText());
            if (!envelope.path("type").asText().equals("LoginResMes")
                    || data.path("code").asInt() != 200) {
                violations.add("user " + m.id + ": first frame after LoginMes was " + abbreviate(text));
            }
        } catch (IOException e) {
            violations.add("user " + m.id + ": undecodable first frame " + abbreviate(text));
        }
    }

    /** The envelope's type, read cheaply: the server writes <code>{"type":"...",</code> first. */
    private static String typeOf(String body) {
        String prefix = "{\"type\":\"";
        int end = body.indexOf('"', prefix.length());
        return body.startsWith(prefix) && end > 0 ? body.substring(prefix.length(), end) : "?" + abbreviate(body);
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    /** Closes every connection; the server sees each go as an EOF, like the tutorial client quitting. */
    @Override
    public void close() throws IOException {
        running = false;
        try {
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Member m : members) {
            m.channel.close();
        }
        selector.close();
    }

    /** One connection's read state: a frame header being filled, then a body. */
    private static final class Member {
        final int id;
        final SocketChannel channel;
        final ByteBuffer header = ByteBuffer.allocate(4);
        byte[] body;
        int bodyFill;
        boolean answered;

        Member(int id, SocketChannel channel) {
            this.id = id;
            this.channel = channel;
        }

        void consume(ByteBuffer in, Crowd crowd) {
            while (in.hasRemaining()) {
                if (body == null) {
                    while (header.hasRemaining() && in.hasRemaining()) {
                        header.put(in.get());
                    }
                    if (header.hasRemaining()) {
                        return;
                    }
                    long length = Integer.toUnsignedLong(header.flip().getInt());
                    header.clear();
                    if (length > 1024 * 1024) {
                        crowd.violations.add("user " + id + ": implausible frame length " + length);
                        throw new IllegalStateException("implausible frame length " + length);
                    }
                    body = new byte[(int) length];
                    bodyFill = 0;
                }
                int take = Math.min(in.remaining(), body.length - bodyFill);
                in.get(body, bodyFill, take);
                bodyFill += take;
                if (bodyFill == body.length) {
                    byte[] complete = body;
                    body = null;
                    crowd.frame(this, complete);
                }
            }
        }
    }
}
