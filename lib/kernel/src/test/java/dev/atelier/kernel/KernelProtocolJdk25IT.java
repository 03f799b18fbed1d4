package dev.atelier.kernel;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The whole protocol scenario of {@link KernelProtocolIT} with the kernel on a newer JDK (Temurin 25
 * here: no {@code Thread.stop}, so an interrupted loop ends only through the kernel's stop checks),
 * chosen through the kernelspec's {@code ATELIER_JAVA}. The JDK is {@code $ATELIER_SECOND_JDK}, or the
 * newest {@code /usr/lib/jvm/*-25-*}; without one the test is skipped, except under CI where it fails.
 */
class KernelProtocolJdk25IT extends KernelProtocolIT {
    @Override
    protected Map<String, String> kernelEnv() {
        Path java = TestKernel.secondJdk().resolve("bin/java");
        return Map.of("ATELIER_JAVA", java.toString());
    }

    @Test void theKernelRunsOnTheSecondJdk() {
        assertEquals(Integer.toString(TestKernel.javaFeature(TestKernel.secondJdk())), plainResult("javaVersion"));
    }
}
