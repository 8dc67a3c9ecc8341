package io.parley.app.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The steps most end-to-end tests start with — register, log in as a tutorial client or as a Parley client —
 * each checked, so that a test body holds only what it proves.
 */
public final class TutorialUsers {
    public static final String PASSWORD = "123456";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TutorialUsers() {}

    /** Registers as the tutorial client does: its own connection, one request, one reply (which must be 200). */
    public static void register(ServerAddress server, int id, String name) throws IOException {
        try (TutorialClient c = new TutorialClient(server.host(), server.port())) {
            c.register(id, PASSWORD, name);
            TutorialClient.Frame reply = c.read();
            if (!reply.type().equals("RegisterResMes")
                    || reply.data().path("code").asInt() != 200) {
                throw new IOException("register " + id + " failed: " + reply.body());
            }
        }
    }

    /** A logged-in tutorial connection whose login reply has been read (and was a 200). */
    public static TutorialClient legacy(ServerAddress server, int id) throws IOException {
        TutorialClient c = new TutorialClient(server.host(), server.port());
        c.login(id, PASSWORD);
        expectLoggedIn(c, id);
        return c;
    }

    /** A logged-in Parley connection (hello first), login reply read. */
    public static TutorialClient parley(ServerAddress server, int id) throws IOException {
        TutorialClient c = new TutorialClient(server.host(), server.port());
        c.hello();
        c.login(id, PASSWORD);
        expectLoggedIn(c, id);
        return c;
    }

    private static void expectLoggedIn(TutorialClient c, int id) throws IOException {
        TutorialClient.Frame reply = c.read();
        if (!reply.type().equals("LoginResMes") || reply.data().path("code").asInt() != 200) {
            c.close();
            throw new IOException("login " + id + " failed: " + reply.body());
        }
    }

    /** A JSON object from alternating keys and values, serialised (for a frame's {@code data}). */
    public static String json(Object... keysAndValues) {
        ObjectNode node = JSON.createObjectNode();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            String key = (String) keysAndValues[i];
            Object value = keysAndValues[i + 1];
            if (value == null) {
                node.putNull(key);
            } else if (value instanceof Integer n) {
                node.put(key, n);
            } else if (value instanceof Long n) {
                node.put(key, n);
            } else if (value instanceof Boolean b) {
                node.put(key, b);
            } else {
                node.put(key, value.toString());
            }
        }
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
