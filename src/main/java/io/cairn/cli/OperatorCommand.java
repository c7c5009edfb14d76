package io.cairn.cli;

import io.cairn.support.HeapTrimmer;
import io.javaoperatorsdk.operator.Operator;
import io.quarkus.runtime.Quarkus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** {@code cairn operator}: starts the controllers and runs until the process is told to stop. */
@ApplicationScoped
class OperatorCommand {

    @Inject
    Operator operator;

    @Inject
    HeapTrimmer heapTrimmer;

    int run() {
        operator.start();
        heapTrimmer.start();
        Quarkus.waitForExit();
        return 0;
    }
}
