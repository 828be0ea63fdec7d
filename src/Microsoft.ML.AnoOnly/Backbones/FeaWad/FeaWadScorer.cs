using System;
using System.Buffers;
using System.Numerics.Tensors;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.AnoOnly.Scoring;

namespace Microsoft.ML.AnoOnly.Backbones.FeaWad
{
    /// <summary>
    /// FEAWAD's eval-mode forward pass: reconstruct x with the autoencoder, r = x - AE(x), n = max(|r|, 1e-12),
    /// then the detector on [r / n, code, n] with n appended to each hidden layer's output; the BatchNorm has been
    /// folded into the last layer at export.
    /// </summary>
    internal sealed class FeaWadScorer : IAnomalyScorer
    {
        public const int EncoderWidth = 128;
        public const int CodeWidth = 64;
        public const int HiddenWidth = 256;
        public const int NarrowWidth = 32;

        /// <summary>The residual norm's lower bound (as F.normalize's eps), so r / n never divides by zero.</summary>
        public const float MinimumNorm = 1e-12f;

        public const string AeInput = "autoencoder.input";
        public const string AeEncoder = "autoencoder.encoder";
        public const string AeCode = "autoencoder.code";
        public const string AeDecoder = "autoencoder.decoder";
        public const string AeOutput = "autoencoder.output";
        public const string Hidden = "detector.hidden";
        public const string Narrow = "detector.narrow";
        public const string Output = "detector.output";

        /// <summary>Rows up to this many floats of scratch space use the stack; wider ones a pooled array.</summary>
        private const int StackScratchLimit = 16 * 1024;

        private readonly DenseLayer _aeInput, _aeEncoder, _aeCode, _aeDecoder, _aeOutput;
        private readonly DenseLayer _hidden, _narrow, _output;

        public FeaWadScorer(MemberState member)
        {
            int d = member.FeatureCount;
            _aeInput = LayerCodec.Load(member, AeInput, d, d, Activation.Relu);
            _aeEncoder = LayerCodec.Load(member, AeEncoder, d, EncoderWidth, Activation.Relu);
            _aeCode = LayerCodec.Load(member, AeCode, EncoderWidth, CodeWidth, Activation.Relu);
            _aeDecoder = LayerCodec.Load(member, AeDecoder, CodeWidth, EncoderWidth, Activation.Relu);
            _aeOutput = LayerCodec.Load(member, AeOutput, EncoderWidth, d, Activation.Relu);
            _hidden = LayerCodec.Load(member, Hidden, DetectorInputs(d), HiddenWidth, Activation.Relu);
            _narrow = LayerCodec.Load(member, Narrow, HiddenWidth + 1, NarrowWidth, Activation.Relu);
            _output = LayerCodec.Load(member, Output, NarrowWidth + 1, 1, Activation.None);
            FeatureCount = d;
        }

        /// <summary>The detector's input width: normalised residual (d), code and residual norm.</summary>
        public static int DetectorInputs(int featureCount) => featureCount + CodeWidth + 1;

        public int FeatureCount { get; }

        public float Score(ReadOnlySpan<float> features)
        {
            int d = FeatureCount;
            // [features-wide scratch | encoder-wide scratch | detector input | hidden + n | narrow + n]
            int size = d + EncoderWidth + DetectorInputs(d) + (HiddenWidth + 1) + (NarrowWidth + 1);
            float[]? rented = size > StackScratchLimit ? ArrayPool<float>.Shared.Rent(size) : null;
            Span<float> scratch = rented != null ? rented.AsSpan(0, size) : stackalloc float[size];
            try
            {
                return Score(features, scratch);
            }
            finally
            {
                if (rented != null)
                    ArrayPool<float>.Shared.Return(rented);
            }
        }

        private float Score(ReadOnlySpan<float> x, Span<float> scratch)
        {
            int d = FeatureCount;
            Span<float> wide = scratch.Slice(0, d);
            Span<float> narrow = scratch.Slice(d, EncoderWidth);
            Span<float> detectorInput = scratch.Slice(d + EncoderWidth, DetectorInputs(d));
            Span<float> hidden = scratch.Slice(d + EncoderWidth + detectorInput.Length, HiddenWidth + 1);
            Span<float> last = scratch.Slice(scratch.Length - (NarrowWidth + 1), NarrowWidth + 1);
            Span<float> residual = detectorInput.Slice(0, d);
            Span<float> code = detectorInput.Slice(d, CodeWidth);

            _aeInput.Apply(x, wide);
            _aeEncoder.Apply(wide, narrow);
            _aeCode.Apply(narrow, code);
            _aeDecoder.Apply(code, narrow);
            _aeOutput.Apply(narrow, wide);

            TensorPrimitives.Subtract(x, wide, residual);
            float norm = MathF.Max(TensorPrimitives.Norm(residual), MinimumNorm);
            TensorPrimitives.Divide(residual, norm, residual);
            detectorInput[d + CodeWidth] = norm;

            _hidden.Apply(detectorInput, hidden.Slice(0, HiddenWidth));
            hidden[HiddenWidth] = norm;
            _narrow.Apply(hidden, last.Slice(0, NarrowWidth));
            last[NarrowWidth] = norm;
            Span<float> score = stackalloc float[1];
            _output.Apply(last, score);
            return score[0];
        }
    }
}
