package io.parley.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The records' compact constructors: what they reject (so a decoded record is always well-formed), what
 * they normalise to Go's zero values, and what their {@code toString} must never print.
 */
class MessageRecordsTest {

    @Test
    void loginMesToStringNeverContainsThePassword() {
        LoginMes login = new LoginMes(100, "s3cret-Pa55", "tom");

        assertThat(login.toString()).contains("100").doesNotContain("s3cret-Pa55");
    }

    @Test
    void registerMesToStringNeverContainsThePassword() {
        RegisterMes register = new RegisterMes(new User(100, "s3cret-Pa55", "tom", 0, ""));

        assertThat(register.toString()).contains("100", "tom").doesNotContain("s3cret-Pa55");
    }

    @Test
    void credentialsNeverAppearInToString() {
        assertThat(new ResumeMes(100, "resume-tok-123").toString()).doesNotContain("resume-tok-123");
        assertThat(new LoginResMes(200, List.of(100), "", "tom", "resume-tok-123", 1).toString())
                .doesNotContain("resume-tok-123");
        assertThat(new SmsMes("hi", 100, "s3cret-Pa55", "tom", 0, "", null, null, null).toString())
                .doesNotContain("s3cret-Pa55");
        assertThat(new ChangePasswordMes("s3cret-Pa55", "n3w-Pa55", "r1").toString())
                .doesNotContain("s3cret-Pa55")
                .doesNotContain("n3w-Pa55");
        assertThat(new OkMes("LogoutAllMes", "r1", null, "resume-tok-123").toString())
                .doesNotContain("resume-tok-123");
    }

    @Test
    void aPasswordChangeNeedsBothPasswords() {
        assertThatThrownBy(() -> new ChangePasswordMes("", "new", null)).hasMessage("oldPwd: must not be empty");
        assertThatThrownBy(() -> new ChangePasswordMes("old", null, null)).hasMessage("newPwd: must not be empty");
    }

    @Test
    void messageContentStaysOutOfToString() {
        String content = "a private thought";

        assertThat(new PrivateSend(2, content, null).toString()).doesNotContain(content);
        assertThat(new GroupSend("team", content, null).toString()).doesNotContain(content);
        assertThat(new PrivateDelivery(1, 1, 1, "a", 2, content, 0).toString()).doesNotContain(content);
        assertThat(new GroupDelivery(1, 1, "team", 1, "a", content, 0).toString())
                .doesNotContain(content);
        assertThat(SmsMes.seed(content, 1, "a").toString()).doesNotContain(content);
    }

    @Test
    void seedRecordsTurnNullStringsIntoGoEmptyStrings() {
        assertThat(new LoginMes(1, null, null)).isEqualTo(new LoginMes(1, "", ""));
        assertThat(new User(1, null, null, 0, null)).isEqualTo(new User(1, "", "", 0, ""));
        assertThat(new RegisterResMes(200, null).error()).isEmpty();
        assertThat(LoginResMes.failure(500, null).error()).isEmpty();
        assertThat(new SmsMes(null, 1, null, null, 0, null, null, null, null))
                .isEqualTo(new SmsMes("", 1, "", "", 0, "", null, null, null));
    }

    @Test
    void privateSendRejectsANonPositiveRecipientAndEmptyContent() {
        assertThatThrownBy(() -> new PrivateSend(0, "hi", null)).hasMessage("toUserId: 0 (expected: > 0)");
        assertThatThrownBy(() -> new PrivateSend(-5, "hi", null)).hasMessage("toUserId: -5 (expected: > 0)");
        assertThatThrownBy(() -> new PrivateSend(2, "", null)).hasMessage("content: must not be empty");
        assertThatThrownBy(() -> new PrivateSend(2, null, null)).hasMessage("content: must not be empty");
    }

    @Test
    void groupNamesAreAsciiLettersDigitsDashUnderscoreAndDotUpTo64Characters() {
        assertThat(new GroupSend("Team-1_a.b", "x", null).group()).isEqualTo("Team-1_a.b");
        assertThat(new GroupCreateMes("g".repeat(64), null).group()).hasSize(64);
        assertThat(new GroupJoinMes("...", null).group()).isEqualTo("...");

        for (String refused : List.of("群聊", "ｔｅａｍ", "te\u0430m", "a\u001b[2Jb", "a\u202Eb", "a\u200Bb", "a\nb")) {
            assertThatThrownBy(() -> new GroupJoinMes(refused, null))
                    .as(refused)
                    .hasMessage("group: only ASCII letters, digits, '-', '_' and '.' are allowed");
        }
        assertThatThrownBy(() -> new GroupCreateMes(".", null))
                .hasMessage("group: \".\" and \"..\" are not group names");
        assertThatThrownBy(() -> new GroupCreateMes("..", null))
                .hasMessage("group: \".\" and \"..\" are not group names");

        assertThatThrownBy(() -> new GroupSend("a b", "x", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GroupCreateMes("g".repeat(65), null)).hasMessageContaining("longer than 64");
        assertThatThrownBy(() -> new GroupLeaveMes(" ", null)).hasMessage("group: must not be empty");
        assertThatThrownBy(() -> new GroupMembersMes(null, null)).hasMessage("group: must not be empty");
        assertThatThrownBy(() -> new GroupJoinMes("a/b", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void requestIdsAreLimitedTo64Characters() {
        assertThat(new GroupListMes("r".repeat(64)).reqId()).hasSize(64);
        assertThatThrownBy(() -> new GroupListMes("r".repeat(65))).hasMessage("reqId: longer than 64 characters");
        assertThatThrownBy(() -> new SmsMes("x", 1, "", "", 0, "", null, null, "c".repeat(65)))
                .hasMessage("clientMsgId: longer than 64 characters");
    }

    @Test
    void ackMesAcceptsOnlyTheInboxOrAValidGroupLogAndAPositiveSeq() {
        assertThat(new AckMes(LogNames.INBOX, 1).log()).isEqualTo("inbox");
        assertThat(new AckMes(LogNames.group("team"), 9).log()).isEqualTo("group:team");

        assertThatThrownBy(() -> new AckMes("Inbox", 1)).hasMessageContaining("expected: \"inbox\"");
        assertThatThrownBy(() -> new AckMes(null, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AckMes("group:a b", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AckMes("inbox", 0)).hasMessage("seq: 0 (expected: > 0)");
    }

    @Test
    void pagingRequestsClampTheirLimitAndRejectNegativeOffsets() {
        assertThat(new HistoryMes("inbox", 0, 0, null).limit()).isEqualTo(HistoryMes.MAX_LIMIT);
        assertThat(new HistoryMes("inbox", 0, 10_000, null).limit()).isEqualTo(HistoryMes.MAX_LIMIT);
        assertThat(new HistoryMes("inbox", 0, 5, null).limit()).isEqualTo(5);
        assertThat(new OnlineListMes(0, -1, null).limit()).isEqualTo(OnlineListMes.MAX_LIMIT);
        assertThat(new OnlineListMes(0, 10, null).limit()).isEqualTo(10);

        assertThatThrownBy(() -> new HistoryMes("outbox", 0, 5, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HistoryMes("inbox", -1, 5, null)).hasMessage("beforeSeq: -1 (expected: >= 0)");
        assertThatThrownBy(() -> new OnlineListMes(-1, 10, null)).hasMessage("offset: -1 (expected: >= 0)");
    }

    @Test
    void groupListAndMembersRequestsArePagedLikeTheOnlineList() {
        assertThat(new GroupListMes("r")).isEqualTo(new GroupListMes("r", 0, GroupListMes.MAX_LIMIT));
        assertThat(new GroupListMes("r", 5, 0).limit()).isEqualTo(GroupListMes.MAX_LIMIT);
        assertThat(new GroupListMes("r", 5, GroupListMes.MAX_LIMIT + 1).limit()).isEqualTo(GroupListMes.MAX_LIMIT);
        assertThat(new GroupListMes("r", 5, 7).limit()).isEqualTo(7);
        assertThat(new GroupMembersMes("g", null))
                .isEqualTo(new GroupMembersMes("g", null, 0, GroupMembersMes.MAX_LIMIT));
        assertThat(new GroupMembersMes("g", null, 0, -3).limit()).isEqualTo(GroupMembersMes.MAX_LIMIT);
        assertThat(new GroupMembersMes("g", null, 0, 20).limit()).isEqualTo(20);

        assertThatThrownBy(() -> new GroupListMes("r", -1, 10)).hasMessage("offset: -1 (expected: >= 0)");
        assertThatThrownBy(() -> new GroupMembersMes("g", null, -1, 10)).hasMessage("offset: -1 (expected: >= 0)");
        assertThatThrownBy(() -> new GroupListResMes(null, -1, 0, List.of())).hasMessage("offset: -1 (expected: >= 0)");
        assertThatThrownBy(() -> new GroupMembersResMes(null, "g", 0, -1, List.of(), List.of()))
                .hasMessage("total: -1 (expected: >= 0)");
    }

    @Test
    void helloMesRequiresTheCurrentVersion() {
        assertThat(new HelloMes(HelloMes.CURRENT_VERSION, null).client()).isEmpty();
        assertThatThrownBy(() -> new HelloMes(1, "old")).hasMessage("version: 1 (expected: >= 2)");
    }

    @Test
    void resumeMesNeedsAUserAndAToken() {
        assertThatThrownBy(() -> new ResumeMes(0, "t")).hasMessage("userId: 0 (expected: > 0)");
        assertThatThrownBy(() -> new ResumeMes(1, "")).hasMessage("token: must not be empty");
    }

    @Test
    void registerMesNeedsAUser() {
        assertThatThrownBy(() -> new RegisterMes(null)).hasMessage("user: missing");
    }

    @Test
    void listsAreCopiedSoLaterChangesToTheSourceDoNotLeakIn() {
        List<Integer> ids = new ArrayList<>(List.of(1, 2));
        LoginResMes login = new LoginResMes(200, ids, "", null, null, null);
        OnlineListResMes page = new OnlineListResMes(null, 0, 2, ids);
        ids.add(3);

        assertThat(login.usersId()).containsExactly(1, 2);
        assertThat(page.userIds()).containsExactly(1, 2);
        assertThatThrownBy(() -> login.usersId().add(4)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void listsMustBePresentAndHoldNoNulls() {
        assertThat(LoginResMes.failure(500, "x").usersId()).isNull();
        assertThatThrownBy(() -> new LoginResMes(200, Arrays.asList(1, null), "", null, null, null))
                .hasMessage("UsersId: must not contain null");
        assertThatThrownBy(() -> new GroupListResMes(null, 0, 0, null)).hasMessage("groups: missing");
        assertThatThrownBy(() -> new GroupMembersResMes(null, "g", 0, 1, List.of(1), null))
                .hasMessage("online: missing");
        assertThatThrownBy(() -> new HistoryResMes(null, "inbox", null)).hasMessage("items: missing");
        assertThatThrownBy(() -> new OnlineListResMes(null, 0, 0, Arrays.asList((Integer) null)))
                .hasMessage("userIds: must not contain null");
    }

    @Test
    void withUsersIdReplacesOnlyTheList() {
        LoginResMes full = new LoginResMes(200, List.of(1, 2, 3), "", "tom", "tok", 3);

        assertThat(full.withUsersId(List.of(3))).isEqualTo(new LoginResMes(200, List.of(3), "", "tom", "tok", 3));
    }

    @Test
    void statusCodesCarryTheSeedsNumbers() {
        assertThat(StatusCode.OK.code()).isEqualTo(200);
        assertThat(StatusCode.REGISTER_ID_TAKEN.code()).isEqualTo(505);
        assertThat(StatusCode.REGISTER_INVALID.code()).isEqualTo(506);
        assertThat(StatusCode.LOGIN_NO_SUCH_USER.code()).isEqualTo(500);
        assertThat(StatusCode.LOGIN_WRONG_PASSWORD.code()).isEqualTo(403);
        assertThat(StatusCode.LOGIN_SERVER_ERROR.code()).isEqualTo(505);
        assertThat(ErrorMes.of(StatusCode.NOT_FOUND, "no such group"))
                .isEqualTo(new ErrorMes(404, "no such group", null, null, null));
    }
}
