package dev.atelier;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The start-up GPU check on made-up devices: supported, unsupported, unknown, and this build. */
class GpuCheckTest {

    @Test
    void capabilitiesWithMachineCodeAndTheSameMajorWithAHigherMinorAreSupported() {
        assertTrue(GpuCheck.supports(8, 6), "RTX 3090: 8.6 has machine code");
        assertTrue(GpuCheck.supports(8, 9), "RTX 4090 / L4: 8.9 runs the 8.6 code");
        assertTrue(GpuCheck.supports(7, 2), "Xavier: 7.2 runs the 7.0 code");
        assertTrue(GpuCheck.supports(3, 7), "K80");
        assertFalse(GpuCheck.supports(3, 5), "K40: 3.5 is below the 3.7 code of its major version");
        assertFalse(GpuCheck.supports(9, 0), "H100/H200: no 9.x code, no PTX");
        assertFalse(GpuCheck.supports(10, 0), "B200");
        assertFalse(GpuCheck.supports(12, 0), "RTX 50xx");
    }

    @Test
    void aSupportedGpuIsNamedWithItsCapability() {
        GpuCheck.Verdict v = GpuCheck.verdict(List.of(new GpuCheck.Gpu(0, "NVIDIA GeForce RTX 4090", 8, 9)), null);
        assertEquals(GpuCheck.Status.SUPPORTED, v.status());
        assertTrue(v.usable());
        assertTrue(v.message().contains("NVIDIA GeForce RTX 4090 (compute capability 8.9)"), v.message());
    }

    @Test
    void anUnsupportedGpuStopsWithItsNameCapabilityTheSupportedListAndTheWayBack() {
        GpuCheck.Verdict v = GpuCheck.verdict(List.of(
                new GpuCheck.Gpu(0, "NVIDIA A100-SXM4-40GB", 8, 0),
                new GpuCheck.Gpu(1, "NVIDIA H200", 9, 0)), null);
        assertEquals(GpuCheck.Status.UNSUPPORTED, v.status());
        assertFalse(v.usable());
        String m = v.message();
        assertTrue(m.contains("GPU 1 NVIDIA H200 (compute capability 9.0)"), m);
        assertFalse(m.contains("A100-SXM4"), "only the unsupported GPU is named as a problem: " + m);
        assertTrue(m.contains("3.7, 5.0, 5.2, 6.0, 6.1, 7.0, 7.5, 8.0, 8.6"), m);
        assertTrue(m.contains("without the cuda profile") && m.contains("./atelier install-kernel"), m);
    }

    @Test
    void devicesThatCannotBeReadGiveAnUnknownVerdictThatDoesNotStop() {
        GpuCheck.Verdict v = GpuCheck.verdict(null, "UnsatisfiedLinkError: libcudart.so.11.0");
        assertEquals(GpuCheck.Status.UNKNOWN, v.status());
        assertTrue(v.usable());
        assertTrue(v.message().contains("libcudart.so.11.0"), v.message());
        assertEquals(GpuCheck.Status.UNKNOWN, GpuCheck.verdict(List.of(), null).status());
    }

    @Test
    void onThisCpuBuildTheCheckSaysNotNeededAndDescribeShowsIt() {
        assertFalse(GpuCheck.cudaBackendPresent(), "the default build has no CUDA backend");
        assertEquals(GpuCheck.Status.CPU, GpuCheck.check().status());
        assertDoesNotThrow(GpuCheck::requireSupported);
        assertTrue(Backend.describe().contains("GPU check: not needed"), Backend.describe());
    }
}
