package io.parley.protocol.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VisibleTextTest {
    @Test
    void terminalEscapeSequencesAndLineBreaksBecomeCaretNotation() {
        assertThat(VisibleText.of("a\u001b[2Jb")).isEqualTo("a^[[2Jb");
        assertThat(VisibleText.of("one\ntwo\rthree\tfour\u0000")).isEqualTo("one^Jtwo^Mthree^Ifour^@");
        assertThat(VisibleText.of("del\u007f")).isEqualTo("del^?");
    }

    @Test
    void bidiControlsInvisibleFormatCharactersAndC1ControlsAreNamed() {
        assertThat(VisibleText.of("evil\u202Egnp.exe")).isEqualTo("evil<U+202E>gnp.exe");
        assertThat(VisibleText.of("\u2066x\u2069\u200E\u200F\u061C"))
                .isEqualTo("<U+2066>x<U+2069><U+200E><U+200F><U+061C>");
        assertThat(VisibleText.of("zero\u200Bwidth\uFEFF")).isEqualTo("zero<U+200B>width<U+FEFF>");
        assertThat(VisibleText.of("c1\u009b31m\u0085")).isEqualTo("c1<U+009B>31m<U+0085>");
        assertThat(VisibleText.of("line\u2028para\u2029")).isEqualTo("line<U+2028>para<U+2029>");
        assertThat(VisibleText.of("tag" + new String(Character.toChars(0xE0041))))
                .isEqualTo("tag<U+E0041>");
        assertThat(VisibleText.of("lone\uD800")).isEqualTo("lone<U+D800>");
    }

    @Test
    void ordinaryTextInAnyScriptIsReturnedAsItIs() {
        String text = "tom 你好 Привет مرحبا 😀 café";
        assertThat(VisibleText.of(text)).isSameAs(text);
        assertThat(VisibleText.hasHidden(text)).isFalse();
        assertThat(VisibleText.of(null)).isNull();
    }
}
