using System;
using System.Numerics.Tensors;
using Microsoft.ML.AnoOnly.Explanations;
using Microsoft.ML.AnoOnly.Onnx;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.AnoOnly.Scoring;

namespace Microsoft.ML.AnoOnly.Backbones.FeaWad
{
    /// <summary>
    /// FEAWAD's eval-mode forward pass: reconstruct x with the autoencoder, r = x - AE(x), n = max(|r|, 1e-12),
    /// then the detector on [r / n, code, n] with n appended to each hidden layer's output; the BatchNorm has been
    /// folded into the last layer at export. <see cref="Explain"/> is in FeaWadScorer.Explain.cs.
    /// </summary>
    internal sealed partial class FeaWadScorer : IAnomalyScorer
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

        private readonly DenseLayer _aeInput, _aeEncoder, _aeCode, _aeDecoder, _aeOutput;
        private readonly DenseLayer _hidden, _narrow, _output;

        public FeaWadScorer(MemberState member)
        {
            _referenceTrace = new LastReference<Trace>(reference => new Trace(this, reference));
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

        internal DenseLayer[] AutoencoderLayers => new[] { _aeInput, _aeEncoder, _aeCode, _aeDecoder, _aeOutput };
        internal DenseLayer[] DetectorLayers => new[] { _hidden, _narrow, _output };

        /// <summary>The floats one row takes in each buffer of <see cref="ScoreRows"/>, in order: the five autoencoder
        /// layers' outputs, the detector input, hidden + n and narrow + n.</summary>
        private long FloatsPerRow => (long)_aeInput.Width + EncoderWidth + CodeWidth + EncoderWidth + _aeOutput.Width
            + DetectorInputs(FeatureCount) + (HiddenWidth + 1) + (NarrowWidth + 1);

        public float Score(ReadOnlySpan<float> features)
        {
            long size = FloatsPerRow;
            float[]? rented = size > ScoringScratch.StackLimit ? ScoringScratch.Rent(size) : null;
            Span<float> scratch = rented ?? stackalloc float[(int)size];
            try
            {
                Span<float> score = stackalloc float[1];
                ScoreRows(features, 1, score, scratch);
                return score[0];
            }
            finally
            {
                if (rented != null)
                    ScoringScratch.Return(rented);
            }
        }

        public void ScoreBlock(ReadOnlySpan<float> rows, int count, Span<float> scores)
        {
            int block = ScoringScratch.BlockRows(FloatsPerRow);
            float[] scratch = ScoringScratch.Rent(block * FloatsPerRow);
            try
            {
                for (int start = 0; start < count; start += block)
                {
                    int n = Math.Min(block, count - start);
                    ScoreRows(rows.Slice(start * FeatureCount, n * FeatureCount), n, scores.Slice(start, n), scratch);
                }
            }
            finally
            {
                ScoringScratch.Return(scratch);
            }
        }

        /// <summary>Scores <paramref name="count"/> rows with <paramref name="scratch"/> holding
        /// <see cref="FloatsPerRow"/> floats per row: one layer at a time over all the rows.</summary>
        private void ScoreRows(ReadOnlySpan<float> x, int count, Span<float> scores, Span<float> scratch)
        {
            int d = FeatureCount, detectorWidth = DetectorInputs(d);
            Span<float> rest = scratch;
            Span<float> input = Take(ref rest, count * _aeInput.Width), encoded = Take(ref rest, count * EncoderWidth);
            Span<float> code = Take(ref rest, count * CodeWidth), decoded = Take(ref rest, count * EncoderWidth);
            Span<float> reconstruction = Take(ref rest, count * _aeOutput.Width), detector = Take(ref rest, count * detectorWidth);
            Span<float> hidden = Take(ref rest, count * (HiddenWidth + 1)), narrow = Take(ref rest, count * (NarrowWidth + 1));

            _aeInput.ApplyBlock(x, d, count, input, _aeInput.Width);
            _aeEncoder.ApplyBlock(input, _aeInput.Width, count, encoded, EncoderWidth);
            _aeCode.ApplyBlock(encoded, EncoderWidth, count, code, CodeWidth);
            _aeDecoder.ApplyBlock(code, CodeWidth, count, decoded, EncoderWidth);
            _aeOutput.ApplyBlock(decoded, EncoderWidth, count, reconstruction, _aeOutput.Width);
            for (int r = 0; r < count; r++)
            {
                Span<float> row = detector.Slice(r * detectorWidth, detectorWidth);
                float norm = NormalisedResidual(x.Slice(r * d, d), reconstruction.Slice(r * _aeOutput.Width, d), row.Slice(0, d));
                code.Slice(r * CodeWidth, CodeWidth).CopyTo(row.Slice(d, CodeWidth));
                row[d + CodeWidth] = norm;
                hidden[r * (HiddenWidth + 1) + HiddenWidth] = norm;
                narrow[r * (NarrowWidth + 1) + NarrowWidth] = norm;
            }
            // The hidden and narrow layers write their Width (= their outputs) floats per row and leave n in the slot after.
            _hidden.ApplyBlock(detector, detectorWidth, count, hidden, HiddenWidth + 1);
            _narrow.ApplyBlock(hidden, HiddenWidth + 1, count, narrow, NarrowWidth + 1);
            _output.ApplyBlock(narrow, NarrowWidth + 1, count, scores, 1);
        }

        /// <summary>The autoencoder; r = x - AE(x), n = max(|r|, eps) as Sqrt(ReduceSumSquare) and Max; the detector on
        /// Concat(r / n, code, n), with n concatenated to each hidden layer's output.</summary>
        public string EmitOnnx(OnnxGraphBuilder graph, string features)
        {
            string input = graph.Dense(_aeInput, features, AeInput);
            string encoded = graph.Dense(_aeEncoder, input, AeEncoder);
            string code = graph.Dense(_aeCode, encoded, AeCode);
            string decoded = graph.Dense(_aeDecoder, code, AeDecoder);
            string reconstruction = graph.Dense(_aeOutput, decoded, AeOutput);
            string residual = graph.Node("Sub", new[] { features, reconstruction });
            string squares = graph.Node("ReduceSumSquare", new[] { residual }, null, OnnxGraphBuilder.Ints("axes", 1), OnnxGraphBuilder.Int("keepdims", 1));
            string norm = graph.Node("Max", new[] { graph.Node("Sqrt", new[] { squares }), graph.Constant("minimum_norm", new[] { MinimumNorm }, 1) });
            string normalised = graph.Node("Div", new[] { residual, norm });
            string hidden = graph.Dense(_hidden, graph.Concat(normalised, code, norm), Hidden);
            string narrow = graph.Dense(_narrow, graph.Concat(hidden, norm), Narrow);
            return graph.Dense(_output, graph.Concat(narrow, norm), Output);
        }

        /// <summary>u = r / n with r = x - reconstruction and n = max(|r|, <see cref="MinimumNorm"/>); returns n.</summary>
        private static float NormalisedResidual(ReadOnlySpan<float> x, ReadOnlySpan<float> reconstruction, Span<float> u)
        {
            TensorPrimitives.Subtract(x, reconstruction, u);
            float norm = MathF.Max(MathF.Sqrt(FixedOrderSums.SumOfSquares(u)), MinimumNorm);
            TensorPrimitives.Divide(u, norm, u);
            return norm;
        }

        private static Span<float> Take(ref Span<float> rest, int length)
        {
            Span<float> taken = rest.Slice(0, length);
            rest = rest.Slice(length);
            return taken;
        }
    }
}
