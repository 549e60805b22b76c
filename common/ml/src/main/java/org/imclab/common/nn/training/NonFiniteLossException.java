package org.imclab.common.nn.training;

/** The loss became NaN or infinite: the learning rate is too high or the data is broken. */
public class NonFiniteLossException extends RuntimeException {

    public NonFiniteLossException(int epoch, int batch, float loss) {
        super("loss became " + loss + " in epoch " + epoch + ", batch " + (batch + 1)
                + "; lower the learning rate or check the data");
    }
}
