package io.parley.protocol.codec;

import io.parley.protocol.message.AckMes;
import io.parley.protocol.message.ChangePasswordMes;
import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.ErrorMes;
import io.parley.protocol.message.GroupCreateMes;
import io.parley.protocol.message.GroupDelivery;
import io.parley.protocol.message.GroupJoinMes;
import io.parley.protocol.message.GroupLeaveMes;
import io.parley.protocol.message.GroupListMes;
import io.parley.protocol.message.GroupListResMes;
import io.parley.protocol.message.GroupMembersMes;
import io.parley.protocol.message.GroupMembersResMes;
import io.parley.protocol.message.GroupSend;
import io.parley.protocol.message.HelloMes;
import io.parley.protocol.message.HelloResMes;
import io.parley.protocol.message.HistoryMes;
import io.parley.protocol.message.HistoryResMes;
import io.parley.protocol.message.LoginMes;
import io.parley.protocol.message.LoginResMes;
import io.parley.protocol.message.LogoutAllMes;
import io.parley.protocol.message.LogoutMes;
import io.parley.protocol.message.NotifyUserStatusMes;
import io.parley.protocol.message.OkMes;
import io.parley.protocol.message.OnlineListMes;
import io.parley.protocol.message.OnlineListResMes;
import io.parley.protocol.message.PingMes;
import io.parley.protocol.message.PongMes;
import io.parley.protocol.message.PrivateDelivery;
import io.parley.protocol.message.PrivateSend;
import io.parley.protocol.message.RegisterMes;
import io.parley.protocol.message.RegisterResMes;
import io.parley.protocol.message.ResumeMes;
import io.parley.protocol.message.SendAckMes;
import io.parley.protocol.message.ServerMessage;
import io.parley.protocol.message.SmsMes;
import io.parley.protocol.message.WatchMes;
import io.parley.protocol.message.WatchResMes;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The one table from wire type names to records, per direction. A name may map to different records in
 * the two directions ({@code PrivateMes} is {@link PrivateSend} from a client and {@link PrivateDelivery}
 * from the server).
 */
public final class WireTypes {
    /** The six types of the tutorial; a connection that never said hello receives nothing else. */
    public static final Set<String> SEED =
            Set.of("RegisterMes", "RegisterResMes", "LoginMes", "LoginResMes", "NotifyUserStatusMes", "SmsMes");

    static final Map<String, Class<? extends ClientMessage>> CLIENT = new LinkedHashMap<>();
    static final Map<String, Class<? extends ServerMessage>> SERVER = new LinkedHashMap<>();

    static {
        CLIENT.put("RegisterMes", RegisterMes.class);
        CLIENT.put("LoginMes", LoginMes.class);
        CLIENT.put("SmsMes", SmsMes.class);
        CLIENT.put("HelloMes", HelloMes.class);
        CLIENT.put("ResumeMes", ResumeMes.class);
        CLIENT.put("PrivateMes", PrivateSend.class);
        CLIENT.put("GroupMes", GroupSend.class);
        CLIENT.put("GroupCreateMes", GroupCreateMes.class);
        CLIENT.put("GroupJoinMes", GroupJoinMes.class);
        CLIENT.put("GroupLeaveMes", GroupLeaveMes.class);
        CLIENT.put("GroupListMes", GroupListMes.class);
        CLIENT.put("GroupMembersMes", GroupMembersMes.class);
        CLIENT.put("OnlineListMes", OnlineListMes.class);
        CLIENT.put("AckMes", AckMes.class);
        CLIENT.put("PingMes", PingMes.class);
        CLIENT.put("HistoryMes", HistoryMes.class);
        CLIENT.put("LogoutMes", LogoutMes.class);
        CLIENT.put("WatchMes", WatchMes.class);
        CLIENT.put("LogoutAllMes", LogoutAllMes.class);
        CLIENT.put("ChangePasswordMes", ChangePasswordMes.class);

        SERVER.put("RegisterResMes", RegisterResMes.class);
        SERVER.put("LoginResMes", LoginResMes.class);
        SERVER.put("NotifyUserStatusMes", NotifyUserStatusMes.class);
        SERVER.put("SmsMes", SmsMes.class);
        SERVER.put("HelloResMes", HelloResMes.class);
        SERVER.put("PrivateMes", PrivateDelivery.class);
        SERVER.put("GroupMes", GroupDelivery.class);
        SERVER.put("SendAckMes", SendAckMes.class);
        SERVER.put("ErrorMes", ErrorMes.class);
        SERVER.put("OkMes", OkMes.class);
        SERVER.put("GroupListResMes", GroupListResMes.class);
        SERVER.put("GroupMembersResMes", GroupMembersResMes.class);
        SERVER.put("OnlineListResMes", OnlineListResMes.class);
        SERVER.put("PongMes", PongMes.class);
        SERVER.put("HistoryResMes", HistoryResMes.class);
        SERVER.put("WatchResMes", WatchResMes.class);
    }

    private static final Map<Class<?>, String> CLIENT_NAMES = inverse(CLIENT);
    private static final Map<Class<?>, String> SERVER_NAMES = inverse(SERVER);

    private WireTypes() {}

    /** The wire name of a client message. */
    public static String nameOf(ClientMessage message) {
        return CLIENT_NAMES.get(message.getClass());
    }

    /** The wire name of a server message. */
    public static String nameOf(ServerMessage message) {
        return SERVER_NAMES.get(message.getClass());
    }

    /**
     * The wire name of a message record of either direction, for naming a type where no message is at hand; one
     * name serves both directions ({@code SmsMes} is one record both ways, {@code PrivateMes} two records).
     */
    public static String nameOf(Class<?> type) {
        String name = CLIENT_NAMES.getOrDefault(type, SERVER_NAMES.get(type));
        if (name == null) {
            throw new IllegalArgumentException("not a message record: " + type.getName());
        }
        return name;
    }

    static Map<Class<?>, String> inverse(Map<String, ? extends Class<?>> table) {
        Map<Class<?>, String> names = new HashMap<>();
        table.forEach((name, type) -> names.put(type, name));
        return Map.copyOf(names);
    }
}
