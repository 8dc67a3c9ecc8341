package io.parley.client.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CommandTest {
    @Test
    void textKeepsEverythingAfterTheWordsIncludingInnerSpaces() {
        Command c = Command.parse("  msg 200   hello   there  ");

        assertThat(c.verb()).isEqualTo(Verb.MSG);
        assertThat(c.args()).containsExactly("200");
        assertThat(c.text()).isEqualTo("hello   there");
        assertThat(c.userId(0)).isEqualTo(200);
    }

    @Test
    void verbsAreCaseInsensitiveAndOptionalArgumentsMayBeLeftOut() {
        Command c = Command.parse("WHO");

        assertThat(c.verb()).isEqualTo(Verb.WHO);
        assertThat(c.number(0, 0)).isZero();
        assertThat(c.number(1, 1000)).isEqualTo(1000);
    }

    @Test
    void registerTakesTheRestOfTheLineAsTheName() {
        Command c = Command.parse("register 100 pw tom jones");

        assertThat(c.args()).containsExactly("100", "pw");
        assertThat(c.text()).isEqualTo("tom jones");
    }

    @Test
    void logNamesAcceptTheShortForms() {
        assertThat(Command.parse("history").log(0)).isEqualTo("inbox");
        assertThat(Command.parse("history INBOX").log(0)).isEqualTo("inbox");
        assertThat(Command.parse("history dev").log(0)).isEqualTo("group:dev");
        assertThat(Command.parse("history group:dev 10 5").log(0)).isEqualTo("group:dev");
    }

    @Test
    void missingTextOrExtraWordsAreAUsageError() {
        assertThatThrownBy(() -> Command.parse("msg 200")).hasMessage("usage: msg <id> <text>");
        assertThatThrownBy(() -> Command.parse("all")).hasMessage("usage: all <text>");
        assertThatThrownBy(() -> Command.parse("groups now")).hasMessage("usage: groups");
        assertThatThrownBy(() -> Command.parse("login 100")).hasMessage("usage: login <id> <password>");
    }

    @Test
    void unknownVerbsAndBadNumbersSayWhatIsWrong() {
        assertThatThrownBy(() -> Command.parse("shout hi")).hasMessage("unknown command: shout (try help)");
        assertThatThrownBy(() -> Command.parse("msg tom hi").userId(0)).hasMessageStartingWith("not a number: tom");
        assertThatThrownBy(() -> Command.parse("msg -3 hi").userId(0)).hasMessage("not a user id: -3");
    }
}
