package io.parley.app.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.client.ClientListener;
import io.parley.client.ClientOptions;
import io.parley.client.LoginResult;
import io.parley.client.ParleyClient;
import io.parley.protocol.message.GroupDelivery;
import io.parley.protocol.message.NotifyUserStatusMes;
import io.parley.protocol.message.PrivateDelivery;
import io.parley.protocol.message.ServerMessage;
import io.parley.protocol.message.SmsMes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A Parley client as a test user: connects with the real client library and records everything the
 * server pushes, so tests can wait for it and inspect it.
 */
public final class ChatUser implements ClientListener, AutoCloseable {
    public final int id;
    public final String password;
    public final ParleyClient client;
    public final List<ServerMessage> frames = new CopyOnWriteArrayList<>();
    public final List<PrivateDelivery> privates = new CopyOnWriteArrayList<>();
    public final List<GroupDelivery> groups = new CopyOnWriteArrayList<>();
    public final List<SmsMes> broadcasts = new CopyOnWriteArrayList<>();
    public final List<NotifyUserStatusMes> statuses = new CopyOnWriteArrayList<>();
    /** The last successful login's result. */
    public volatile LoginResult login;

    public ChatUser(int id, String password, ClientOptions options) {
        this.id = id;
        this.password = password;
        this.client = new ParleyClient(options, this);
    }

    public ChatUser(int id, String password) {
        this(id, password, ClientOptions.defaults());
    }

    /** Connects, registers (ignoring "taken") and logs in. */
    public static ChatUser online(ServerAddress server, int id) throws Exception {
        ChatUser user = new ChatUser(id, "pw-" + id);
        user.registerAndLogin(server);
        return user;
    }

    public ChatUser registerAndLogin(ServerAddress server) throws Exception {
        connect(server);
        client.register(id, password, "user" + id).get(10, TimeUnit.SECONDS);
        LoginResult login = login();
        assertThat(login.ok()).as("login of %d: %s", id, login.error()).isTrue();
        return this;
    }

    public void connect(ServerAddress server) throws Exception {
        client.connect(server.host(), server.port()).get(10, TimeUnit.SECONDS);
    }

    public LoginResult login() throws Exception {
        LoginResult result = client.login(id, password).get(10, TimeUnit.SECONDS);
        if (result.ok()) {
            login = result;
        }
        return result;
    }

    /** Connects again and logs in again, as after a dropped connection. */
    public LoginResult reconnect(ServerAddress server) throws Exception {
        connect(server);
        return login();
    }

    public void disconnect() throws Exception {
        client.close().get(10, TimeUnit.SECONDS);
    }

    @Override
    public void onMessage(ServerMessage message) {
        frames.add(message);
    }

    @Override
    public void onPrivate(PrivateDelivery message) {
        privates.add(message);
    }

    @Override
    public void onGroup(GroupDelivery message) {
        groups.add(message);
    }

    @Override
    public void onBroadcast(SmsMes message) {
        broadcasts.add(message);
    }

    @Override
    public void onStatus(NotifyUserStatusMes message) {
        statuses.add(message);
    }

    public List<String> privateTexts() {
        return privates.stream().map(PrivateDelivery::content).toList();
    }

    public List<String> groupTexts() {
        return groups.stream().map(GroupDelivery::content).toList();
    }

    @Override
    public void close() throws Exception {
        client.close().get(10, TimeUnit.SECONDS);
    }
}
