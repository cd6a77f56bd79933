package cqrs.workbook.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The guide's "Try it" script, as the scenario cuts it into commands. */
class TryItSessionTest {

    @Test
    void the_session_is_cut_into_commands_between_blank_lines_each_in_its_part() throws Exception {
        List<TryItSteps.Command> blocks = TryItSteps.blocks(Files.readAllLines(Path.of("docs/try-it/session.sh")));
        assertThat(blocks.stream().map(TryItSteps.Command::part).distinct()).containsExactly("sign-in", "register",
                "contact-code", "view", "verify-contact", "views-again", "update", "bad-request", "further");
        assertThat(blocks.getFirst().text()).isEqualTo("B=${B:-http://localhost:8080}");
        assertThat(blocks).allSatisfy(block -> assertThat(block.text()).doesNotStartWith("#").isNotBlank());
    }

    @Test
    void a_command_before_the_first_part_is_refused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TryItSteps.blocks(List.of("curl -s $B/otp")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
