package cqrs.workbook.scenarios;

import io.cucumber.plugin.ConcurrentEventListener;
import io.cucumber.plugin.event.EventPublisher;
import io.cucumber.plugin.event.HookTestStep;
import io.cucumber.plugin.event.PickleStepTestStep;
import io.cucumber.plugin.event.TestStepStarted;

/**
 * Which step is running, for the captures: every HTTP exchange is labelled with the step
 * that made it. A Cucumber plugin, because a step definition does not know its own text;
 * a concurrent listener hears each step as it starts, on the thread that runs it.
 */
public final class StepLabels implements ConcurrentEventListener {

    private static volatile String current = "";

    static String current() {
        return current;
    }

    @Override
    public void setEventPublisher(EventPublisher publisher) {
        publisher.registerHandlerFor(TestStepStarted.class, started -> {
            if (started.getTestStep() instanceof PickleStepTestStep step) {
                current = step.getStep().getKeyword().strip() + " " + step.getStep().getText();
            } else if (started.getTestStep() instanceof HookTestStep hook) {
                current = "a hook of the harness (" + hook.getHookType().name().toLowerCase(java.util.Locale.ROOT) + ")";
            }
        });
    }
}
