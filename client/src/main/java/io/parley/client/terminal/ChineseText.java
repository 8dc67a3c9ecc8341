package io.parley.client.terminal;

import static io.parley.client.terminal.Text.*;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** The interactive client in Chinese: the seed tutorial's own menu texts, and the rest in their style. */
final class ChineseText {
    static final Map<Text, String> TEMPLATES;

    static {
        Map<Text, String> t = new EnumMap<>(Text.class);
        t.put(WELCOME, "----------------欢迎登陆多人聊天系统------------");
        t.put(MAIN_LOGIN, "1 登陆聊天室");
        t.put(MAIN_REGISTER, "2 注册用户");
        t.put(MAIN_EXIT, "3 退出系统");
        t.put(MAIN_CHOOSE, "请选择(1-3):");
        t.put(BAD_CHOICE, "你的输入有误，请重新输入");
        t.put(BYE, "你退出了系统...");
        t.put(ASK_ID, "请输入用户的id:");
        t.put(ASK_PASSWORD, "请输入用户的密码:");
        t.put(ASK_NAME, "请输入用户的名字(nickname):");
        t.put(NOT_A_NUMBER, "不是数字: %s");
        t.put(REGISTERED, "注册成功 (用户id %d), 请重新登录");
        t.put(REFUSED, "失败(%d): %s");
        t.put(CONNECT_FAILED, "无法连接服务器: %s");
        t.put(LOGGED_IN, "-------恭喜%s(%d)登录成功---------");
        t.put(SESSION_ONLINE, "1 显示在线用户列表");
        t.put(SESSION_ALL, "2 群发消息");
        t.put(SESSION_PRIVATE, "3 私聊消息");
        t.put(SESSION_GROUPS, "4 群组");
        t.put(SESSION_HISTORY, "5 信息列表");
        t.put(SESSION_LOGOUT, "6 退出登录");
        t.put(SESSION_PASSWORD, "7 修改密码");
        t.put(SESSION_LOGOUT_ALL, "8 退出其他所有登录");
        t.put(SESSION_CHOOSE, "请选择(1-8, /help 查看命令):");
        t.put(ONLINE_HEADER, "当前在线用户列表(%d):");
        t.put(ONLINE_ROW, "用户id:\t%d");
        t.put(ASK_TO, "请输入对方的用户id:");
        t.put(ASK_TEXT, "请输入你想说的话:");
        t.put(SENT, "发送成功 (消息 %d)");
        t.put(SENT_UNACKNOWLEDGED, "已发送");
        t.put(GROUP_CREATE, "1 创建群组");
        t.put(GROUP_JOIN, "2 加入群组");
        t.put(GROUP_LEAVE, "3 退出群组");
        t.put(GROUP_LIST, "4 群组列表");
        t.put(GROUP_MEMBERS, "5 群组成员");
        t.put(GROUP_SEND, "6 群组消息");
        t.put(GROUP_BACK, "7 返回");
        t.put(GROUP_CHOOSE, "请选择(1-7):");
        t.put(ASK_GROUP, "请输入群组名:");
        t.put(GROUP_CREATED, "群组 %s 创建成功");
        t.put(GROUP_JOINED, "已加入群组 %s");
        t.put(GROUP_LEFT, "已退出群组 %s");
        t.put(GROUP_ROW, "%s\t%d 人");
        t.put(GROUP_ROW_JOINED, "%s\t%d 人 (已加入)");
        t.put(NO_GROUPS, "还没有群组");
        t.put(MEMBERS, "群组 %s 的成员: %s (在线: %s)");
        t.put(ASK_LOG, "请输入 inbox 或群组名 (回车查看收件箱):");
        t.put(HISTORY_EMPTY, "没有消息");
        t.put(HISTORY_ROW, "[%1$s] 用户id:\t%3$d(%2$s) 说:\t%4$s");
        t.put(IN_PRIVATE, "用户id:\t%2$d(%1$s) 对你说:\t%3$s");
        t.put(IN_GROUP, "[群组 %1$s] 用户id:\t%3$d(%2$s) 说:\t%4$s");
        t.put(IN_ALL, "用户id:\t%2$d 对大家说:\t%3$s");
        t.put(STATUS_ONLINE, "用户 %d 上线了");
        t.put(STATUS_OFFLINE, "用户 %d 下线了");
        t.put(STATUS_BUSY, "用户 %d 忙碌中");
        t.put(SERVER_ERROR, "服务器错误 %d: %s");
        t.put(TIMEOUT, "服务器没有及时响应");
        t.put(DISCONNECTED, "与服务器的连接已断开");
        t.put(RECONNECTING, "与服务器的连接已断开, 正在重新连接...");
        t.put(RECONNECTED, "已重新连接到 %s");
        t.put(LOGGED_OUT, "已退出登录");
        t.put(ASK_OLD_PASSWORD, "当前密码:");
        t.put(ASK_NEW_PASSWORD, "新密码:");
        t.put(PASSWORD_CHANGED, "密码已修改, 其他登录已退出");
        t.put(LOGGED_OUT_EVERYWHERE, "其他登录已全部退出, 本次登录保留");
        t.put(UNKNOWN_COMMAND, "未知命令: %s (输入 /help 查看帮助)");
        t.put(USAGE, "用法: %s");
        t.put(HELP, """
                命令 (任何提示符下都可输入):
                  /msg <id> <内容>     私聊
                  /all <内容>          群发
                  /g <群组> <内容>     群组消息
                  /who                 在线用户
                  /create <群组>   /join <群组>   /leave <群组>
                  /groups              群组列表
                  /members <群组>      群组成员
                  /history [inbox|group:<群组>]
                  /passwd [<旧密码> <新密码>]  修改密码 (省略时会询问)
                  /logout-all          退出其他所有登录
                  /logout   /help   /quit""");
        TEMPLATES = Collections.unmodifiableMap(t);
    }

    private ChineseText() {}
}
