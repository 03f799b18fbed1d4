package dev.atelier.rnn;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class LstmCellTest {
    /** L = Σ_t h_t ⊙ R_t + Σ c_T ⊙ S. */
    static double loss(LstmCell cell, INDArray xs, INDArray h0, INDArray c0, INDArray r, INDArray s) {
        LstmCell.Trace tr = cell.forward(xs, h0, c0);
        return tr.outputs().mul(r).sumNumber().doubleValue() + tr.last().c().mul(s).sumNumber().doubleValue();
    }

    @Test void gradientsMatchFiniteDifferences() {
        Random r = new Random(3);
        LstmCell cell = LstmCell.random(3, 4, 1.2, 1.0, 5);
        cell.bias().addi(SigmoidRnnCellTest.randomSequence(r, 1, 16, 1).reshape(1, 16).mul(0.3));
        INDArray xs = SigmoidRnnCellTest.randomSequence(r, 2, 3, 5);
        INDArray h0 = SigmoidRnnCellTest.randomSequence(r, 2, 4, 1).reshape(2, 4).mul(0.5);
        INDArray c0 = SigmoidRnnCellTest.randomSequence(r, 2, 4, 1).reshape(2, 4);
        INDArray rr = SigmoidRnnCellTest.randomSequence(r, 2, 4, 5);
        INDArray ss = SigmoidRnnCellTest.randomSequence(r, 2, 4, 1).reshape(2, 4);
        LstmCell.Gradients g = cell.backward(cell.forward(xs, h0, c0), rr, ss);
        SigmoidRnnCellTest.assertGradientsMatch(() -> loss(cell, xs, h0, c0, rr, ss),
                new INDArray[]{g.inputWeights(), g.recurrentWeights(), g.bias(), g.inputs(), g.initialOutput(), g.initialCell()},
                cell.inputWeights(), cell.recurrentWeights(), cell.bias(), xs, h0, c0);
    }

    static MultiLayerNetwork dl4jLstm(int in, int hidden) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).list()
                .layer(new LSTM.Builder().nIn(in).nOut(hidden).activation(Activation.TANH)
                        .gateActivationFunction(Activation.SIGMOID).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    @Test void forwardMatchesDl4jLstmGivenTheSameWeights() {
        int in = 3, hidden = 4;
        MultiLayerNetwork net = dl4jLstm(in, hidden);
        LstmCell cell = LstmCell.random(in, hidden, 1.5, 1.0, 9);
        // distinct biases per gate so a swapped gate order would show
        cell.bias().assign(Nd4j.linspace(-1, 1, 4 * hidden, DataType.DOUBLE).reshape(1, 4 * hidden));
        net.getLayer(0).setParam("W", cell.inputWeights());
        net.getLayer(0).setParam("RW", cell.recurrentWeights());
        net.getLayer(0).setParam("b", cell.bias());
        INDArray xs = SigmoidRnnCellTest.randomSequence(new Random(1), 2, in, 7);
        INDArray dl4j = net.output(xs);
        INDArray ours = cell.forward(xs, null, null).outputs();
        double maxDiff = dl4j.sub(ours).amaxNumber().doubleValue();
        assertTrue(maxDiff < 1e-5, "max |DL4J − ours| = " + maxDiff);
        // DL4J's initialiser puts forgetGateBiasInit = 1 into block 1: the forget gate
        INDArray initBias = dl4jLstm(in, hidden).getLayer(0).getParam("b");
        assertEquals(1.0, cell.gate(initBias, LstmCell.FORGET).minNumber().doubleValue(), 0);
        assertEquals(0.0, cell.gate(initBias, LstmCell.INPUT).maxNumber().doubleValue(), 0);
    }

    @Test void wrongShapesAreClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LstmCell(Nd4j.zeros(3, 16), Nd4j.zeros(4, 19), Nd4j.zeros(1, 16)));
        assertTrue(e.getMessage().contains("GravesLSTM"), e.getMessage());
        LstmCell cell = LstmCell.random(3, 4, 1, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> cell.forward(Nd4j.zeros(DataType.DOUBLE, 2, 4, 3), null, null));
    }
}
