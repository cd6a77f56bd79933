package cqrs.workbook.org;

import static org.assertj.core.api.Assertions.assertThat;

import cqrs.workbook.kernel.Decision;
import cqrs.workbook.kernel.PhoneNumber;
import cqrs.workbook.org.OrgCommand.MarkContactVerified;
import cqrs.workbook.org.OrgCommand.RegisterOrg;
import cqrs.workbook.org.OrgCommand.UpdateOrgProfile;
import cqrs.workbook.org.OrgEvent.OrgContactVerified;
import cqrs.workbook.org.OrgEvent.OrgProfileUpdated;
import cqrs.workbook.org.OrgEvent.OrgRegistered;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of the org decider over any sequence of registrations, updates and
 * verifications: registered once and first, a verified contact is always the current
 * contact phone, and replaying the events gives the state decided step by step.
 */
class OrgDeciderPropertiesTest {

    /** The subject of every command's token: the owner, so that updates are decided on the profile. */
    private static final PhoneNumber OWNER = PhoneNumber.of("+6590000100");

    private static final OrgDecider DECIDER = new OrgDecider();
    private static final OrgId ID = OrgId.of("6f1c2a4e-8d3b-4f5a-9c7e-0b1d2e3f4a5b");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final List<Optional<PhoneNumber>> PHONES = List.of(Optional.empty(),
            Optional.of(PhoneNumber.of("+6591234567")), Optional.of(PhoneNumber.of("+6598765432")));
    private static final List<String> NAMES = List.of("Acme", "Beta");

    /** 0 registers, 1 updates, 2 marks a phone verified. */
    record Step(int kind, int name, int phone) {}

    /** 300 sequences, each drawn from its own seed: a failure names the seed that reproduces it. */
    static LongStream seeds() {
        return LongStream.rangeClosed(1, 300);
    }

    static List<Step> steps(long seed) {
        Random random = new Random(seed);
        List<Step> steps = new ArrayList<>();
        for (int i = random.nextInt(31); i > 0; i--) {
            steps.add(new Step(random.nextInt(3), random.nextInt(2), random.nextInt(3)));
        }
        return steps;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void any_sequence_keeps_the_rules_and_replays_to_the_same_state(long seed) {
        List<Step> steps = steps(seed);
        OrgState state = DECIDER.initialState();
        List<OrgEvent> events = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            Instant at = T0.plusSeconds(i);
            OrgProfile profile = new OrgProfile(OrgName.of(NAMES.get(step.name())),
                    new Location(City.of("Singapore"), CountryCode.of("SG")), Optional.empty(), PHONES.get(step.phone()));
            OrgCommand command = switch (step.kind()) {
                case 0 -> new RegisterOrg(ID, OWNER, profile, at);
                case 1 -> new UpdateOrgProfile(ID, OWNER, profile, at);
                default -> new MarkContactVerified(ID, PHONES.get(Math.max(1, step.phone())).orElseThrow(), at);
            };
            if (DECIDER.decide(command, state) instanceof Decision.Accepted<OrgEvent, OrgRejection> accepted) {
                events.add(accepted.event());
                state = DECIDER.evolve(state, accepted.event());
            }
            if (state instanceof OrgState.Registered registered && registered.contactVerified()) {
                assertThat(registered.profile().contactPhone()).as("a verified contact has a phone").isPresent();
            }
        }
        assertThat(DECIDER.replay(events)).isEqualTo(state);
        assertThat(events.stream().filter(OrgRegistered.class::isInstance).count()).isLessThanOrEqualTo(1);
        if (!events.isEmpty()) {
            assertThat(events.getFirst()).isInstanceOf(OrgRegistered.class);
        }
        PhoneNumber contact = null;
        for (OrgEvent event : events) {
            switch (event) {
                case OrgRegistered registered -> contact = registered.profile().contactPhone().orElse(null);
                case OrgProfileUpdated updated -> contact = updated.profile().contactPhone().orElse(null);
                case OrgContactVerified verified -> assertThat(verified.phone()).isEqualTo(contact);
            }
        }
        for (int i = 0; i < events.size(); i++) {
            if (DECIDER.restatesState(events.get(i))) {
                assertThat(DECIDER.replay(events.subList(i, events.size()))).isEqualTo(state);
            }
        }
    }
}
