package io.parley.app;

import io.parley.app.testing.ParleyServerExtension;
import io.parley.app.testing.TerminalUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The terminal client's account commands in script mode against a real server: {@code passwd} and
 * {@code logout-all} end the user's other sessions, and the old password and tokens stop working.
 */
class TerminalClientAccountTest {
    private static final String HELLO = "ok hello version=\\d+ server=parley/\\S+";

    @RegisterExtension
    final ParleyServerExtension server = new ParleyServerExtension();

    @Test
    void passwdEndsTheOtherSessionsAndOnlyTheNewPasswordLogsIn() throws Exception {
        try (TerminalUser phone = TerminalUser.script("phone", server);
                TerminalUser laptop = TerminalUser.script("laptop", server);
                TerminalUser later = TerminalUser.script("later", server)) {
            phone.awaitLineMatching(HELLO);
            phone.type("register 100 pw-tom tom", "login 100 pw-tom");
            phone.awaitLineMatching("ok login 100 .*");
            laptop.awaitLineMatching(HELLO);
            laptop.type("login 100 pw-tom");
            String laptopToken = laptop.awaitLineMatching("ok login 100 .* token=(\\S+) name=tom")
                    .group(1);

            phone.type("passwd wrong new-pw");
            phone.awaitLine("error 403 wrong password");
            phone.type("passwd pw-tom new-pw");
            phone.awaitLineMatching("ok passwd token=\\S+");

            laptop.awaitLineMatching("error 401 this session was ended: .*");
            laptop.awaitLine("closed");
            later.awaitLineMatching(HELLO);
            later.type("resume 100 " + laptopToken, "login 100 pw-tom", "login 100 new-pw");
            later.awaitLineMatching("error 403 resume token revoked.*");
            later.awaitLine("error 403 wrong password");
            later.awaitLineMatching("ok login 100 .* name=tom");
            // The session that changed the password goes on.
            phone.type("who");
            phone.awaitLine("ok who total=1 offset=0 ids=[100]");
        }
    }

    @Test
    void logoutAllEndsTheOtherSessionsAndTheirTokensButKeepsThisOne() throws Exception {
        try (TerminalUser phone = TerminalUser.script("phone", server);
                TerminalUser laptop = TerminalUser.script("laptop", server);
                TerminalUser later = TerminalUser.script("later", server)) {
            phone.awaitLineMatching(HELLO);
            phone.type("register 100 pw-tom tom", "login 100 pw-tom");
            phone.awaitLineMatching("ok login 100 .*");
            laptop.awaitLineMatching(HELLO);
            laptop.type("login 100 pw-tom");
            String laptopToken = laptop.awaitLineMatching("ok login 100 .* token=(\\S+) name=tom")
                    .group(1);

            phone.type("logout-all");
            String fresh = phone.awaitLineMatching("ok logout-all token=(\\S+)").group(1);

            laptop.awaitLine("closed");
            later.awaitLineMatching(HELLO);
            later.type("resume 100 " + laptopToken);
            later.awaitLineMatching("error 403 .*");
            later.type("resume 100 " + fresh);
            later.awaitLineMatching("ok resume 100 .*");
        }
    }
}
