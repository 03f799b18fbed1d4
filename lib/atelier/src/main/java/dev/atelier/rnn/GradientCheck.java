package dev.atelier.rnn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.function.DoubleSupplier;

/**
 * Numerical gradients by central differences, to check hand-written backward passes:
 * <pre>
 *   ∂L/∂θ_i ≈ (L(θ + ε·e_i) − L(θ − ε·e_i)) / 2ε
 * </pre>
 * and the relative error {@code ‖a − n‖ / max(‖a‖ + ‖n‖, tiny)} between an analytic gradient a
 * and a numerical one n. In double precision a correct backward pass gives errors around 1e-9;
 * a wrong one gives errors near 1.
 */
public final class GradientCheck {
    private GradientCheck() {}

    /**
     * The numerical gradient of {@code loss} with respect to every entry of {@code param}, which is
     * perturbed in place and restored. {@code param} must be double precision (float rounding
     * swamps the differences).
     */
    public static INDArray numerical(DoubleSupplier loss, INDArray param, double epsilon) {
        if (param.dataType() != DataType.DOUBLE)
            throw new IllegalArgumentException("gradient checks need double precision parameters, got " + param.dataType());
        INDArray grad = param.ulike();
        for (long i = 0; i < param.length(); i++)   // linear index in the array's logical (c) order
            grad.putScalar(i, central(loss, param, i, epsilon));
        return grad;
    }

    /**
     * One entry's central difference (L(θ + ε·e_i) − L(θ − ε·e_i)) / 2ε, {@code param} perturbed in
     * place and restored. Any precision: in float take ε near 1e-2 and expect agreement to a few per cent.
     */
    public static double central(DoubleSupplier loss, INDArray param, long i, double epsilon) {
        double old = param.getDouble(i);
        param.putScalar(i, old + epsilon);
        double plus = loss.getAsDouble();
        param.putScalar(i, old - epsilon);
        double minus = loss.getAsDouble();
        param.putScalar(i, old);
        return (plus - minus) / (2 * epsilon);
    }

    /** {@code ‖a − n‖₂ / max(‖a‖₂ + ‖n‖₂, 1e-300)}. */
    public static double relativeError(INDArray analytic, INDArray numeric) {
        if (!java.util.Arrays.equals(analytic.shape(), numeric.shape()))
            throw new IllegalArgumentException("shapes differ: " + java.util.Arrays.toString(analytic.shape())
                    + " vs " + java.util.Arrays.toString(numeric.shape()));
        double diff = analytic.sub(numeric).norm2Number().doubleValue();
        double scale = analytic.norm2Number().doubleValue() + numeric.norm2Number().doubleValue();
        return diff / Math.max(scale, 1e-300);
    }
}
