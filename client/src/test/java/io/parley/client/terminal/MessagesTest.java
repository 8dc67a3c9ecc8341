package io.parley.client.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MessagesTest {
    @Test
    void everyLanguageHasEveryText() {
        for (Map<Text, String> language :
                Map.of("en", EnglishText.TEMPLATES, "zh", ChineseText.TEMPLATES).values()) {
            assertThat(language.keySet()).containsExactlyInAnyOrder(Text.values());
        }
    }

    @Test
    void everyTemplateFormatsWithTheArgumentsItIsGiven() {
        for (String lang : new String[] {"en", "zh"}) {
            Messages messages = Messages.forLanguage(lang);
            for (Text key : Text.values()) {
                Object[] args = key.args()
                        .chars()
                        .mapToObj(c -> c == 'd' ? (Object) 42 : "x")
                        .toArray();
                assertThat(messages.get(key, args)).as("%s %s", lang, key).isNotBlank();
            }
        }
    }

    @Test
    void chineseMainMenuIsTheSeeds() {
        Messages zh = Messages.forLanguage("zh");

        assertThat(zh.get(Text.WELCOME)).isEqualTo("----------------欢迎登陆多人聊天系统------------");
        assertThat(zh.get(Text.MAIN_LOGIN)).isEqualTo("1 登陆聊天室");
        assertThat(zh.get(Text.MAIN_REGISTER)).isEqualTo("2 注册用户");
        assertThat(zh.get(Text.MAIN_EXIT)).isEqualTo("3 退出系统");
        assertThat(zh.get(Text.MAIN_CHOOSE)).isEqualTo("请选择(1-3):");
    }

    @Test
    void englishIsTheDefaultAndUnknownLanguagesAreRefused() {
        assertThat(Messages.forLanguage(null).get(Text.MAIN_EXIT)).isEqualTo("3 Exit");
        assertThat(Messages.forLanguage(" EN ").get(Text.MAIN_EXIT)).isEqualTo("3 Exit");
        assertThatThrownBy(() -> Messages.forLanguage("fr")).hasMessage("lang: fr (expected: en or zh)");
    }
}
