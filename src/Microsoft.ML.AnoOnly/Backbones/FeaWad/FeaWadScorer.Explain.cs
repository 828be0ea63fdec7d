using System;
using Microsoft.ML.AnoOnly.Explanations;
using Microsoft.ML.AnoOnly.Scoring;

namespace Microsoft.ML.AnoOnly.Backbones.FeaWad
{
    internal sealed partial class FeaWadScorer
    {
        /// <summary>The reference's forward pass, the same for every row explained against it.</summary>
        private readonly LastReference<Trace> _referenceTrace;

        /// <summary>
        /// DeepLIFT backwards through FEAWAD, keeping summation-to-delta exact at every node. Linear layers pass
        /// multipliers by Wᵀ and each ReLU by its secant slope (Rescale). Three nodes have several inputs:
        /// <list type="bullet">
        /// <item>u_i = r_i / n: Shapley value of the two inputs, averaged over both orders of changing them. r_i's share is
        /// Δr_i (1/n(r) + 1/n(x)) / 2, n's is (r_i(r) + r_i(x)) (1/n(x) - 1/n(r)) / 2; they add up to Δu_i.</item>
        /// <item>N = |r|: exact integrated gradients along the straight line from the reference's residual to the row's
        /// (<see cref="NormMultipliers"/>, closed form).</item>
        /// <item>n feeds the detector's input, both hidden layers' outputs and every u_i: its multipliers add up.</item>
        /// </list>
        /// r = x - AE(x) gives x its multiplier directly and, negated, through the autoencoder, whose code also feeds the
        /// detector.
        /// </summary>
        public void Explain(ReadOnlySpan<float> row, ReadOnlySpan<float> reference, Span<float> contributions)
        {
            int d = FeatureCount;
            var x = new Trace(this, row);
            Trace r = _referenceTrace.Get(reference);

            // score = w . [g, n] + b
            ReadOnlySpan<float> w = _output.Weights;
            var mNarrow = new float[NarrowWidth];
            for (int k = 0; k < NarrowWidth; k++)
                mNarrow[k] = w[k] * Activations.RescaleSlope(Activation.Relu, r.NarrowZ[k], x.NarrowZ[k]);
            double mNorm = w[NarrowWidth];

            var mHiddenPlus = new float[HiddenWidth + 1];
            _narrow.Backward(mNarrow, mHiddenPlus);
            mNorm += mHiddenPlus[HiddenWidth];
            for (int j = 0; j < HiddenWidth; j++)
                mHiddenPlus[j] *= Activations.RescaleSlope(Activation.Relu, r.HiddenZ[j], x.HiddenZ[j]);

            var mDetector = new float[DetectorInputs(d)];
            _hidden.Backward(mHiddenPlus, mDetector);
            mNorm += mDetector[d + CodeWidth];

            // u = r / n, Shapley over the two orders; what reaches n is kept as a multiplier of Δn (no division by Δn).
            var mResidual = new double[d];
            double meanInverse = 0.5 * (1.0 / x.Norm + 1.0 / r.Norm);
            for (int i = 0; i < d; i++)
            {
                mResidual[i] = mDetector[i] * meanInverse;
                mNorm -= mDetector[i] * ((double)r.Residual[i] + x.Residual[i]) / (2.0 * r.Norm * x.Norm);
            }
            // n = max(N, eps): a scalar Rescale.
            double slope = x.RawNorm == r.RawNorm
                ? (r.RawNorm > MinimumNorm ? 1 : 0)
                : ((double)x.Norm - r.Norm) / ((double)x.RawNorm - r.RawNorm);
            double[] normMultipliers = NormMultipliers(r.Residual, x.Residual, r.RawNorm, x.RawNorm);
            for (int i = 0; i < d; i++)
                mResidual[i] += mNorm * slope * normMultipliers[i];

            // r = x - AE(x): through the autoencoder with the opposite sign.
            var mReconstruction = new float[_aeOutput.Width];
            for (int i = 0; i < d; i++)
                mReconstruction[i] = (float)-mResidual[i] * Activations.RescaleSlope(Activation.Relu, r.Z[4][i], x.Z[4][i]);
            var mDecoded = new float[EncoderWidth];
            _aeOutput.Backward(mReconstruction, mDecoded);
            Rescale(mDecoded, r.Z[3], x.Z[3]);
            var mCode = new float[CodeWidth];
            _aeDecoder.Backward(mDecoded, mCode);
            for (int k = 0; k < CodeWidth; k++)
                mCode[k] += mDetector[d + k];
            Rescale(mCode, r.Z[2], x.Z[2]);
            var mEncoded = new float[EncoderWidth];
            _aeCode.Backward(mCode, mEncoded);
            Rescale(mEncoded, r.Z[1], x.Z[1]);
            var mInput = new float[_aeInput.Width];
            _aeEncoder.Backward(mEncoded, mInput);
            Rescale(mInput.AsSpan(0, d), r.Z[0], x.Z[0]);
            var mFeatures = new float[d];
            _aeInput.Backward(mInput, mFeatures);
            for (int i = 0; i < d; i++)
                contributions[i] = (float)((mFeatures[i] + mResidual[i]) * ((double)row[i] - reference[i]));
        }

        /// <summary>
        /// Exact integrated gradients of N(r) = |r| along r(α) = r₀ + α Δr, as multipliers of Δr_i:
        /// IG_i = Δr_i ∫₀¹ r_i(α) / |r(α)| dα. Write e = Δr / L with L = |Δr|, s(α) = r₀·e + α L, and r⊥ = r₀ - (r₀·e) e
        /// (constant along the line, length k). Then r_i(α) = r⊥_i + s(α) e_i and |r(α)| = √(k² + s²), so
        /// IG_i = Δr_i [ r⊥_i J + Δr_i (N₁ - N₀) / L² ] with J = ∫₀¹ dα / √(k² + s²) = (asinh(s₁/k) - asinh(s₀/k)) / L.
        /// Σ_i Δr_i r⊥_i = L (e·r⊥) = 0, so the multipliers give exactly N₁ - N₀ whatever J's rounding; r⊥_i J stays
        /// bounded as k → 0 (|r⊥_i| ≤ k and k J grows like k log(1/k)). When Δr = 0 the multiplier is the gradient r₀ / N₀.
        /// </summary>
        internal static double[] NormMultipliers(ReadOnlySpan<float> r0, ReadOnlySpan<float> r1, float n0, float n1)
        {
            int d = r0.Length;
            var multipliers = new double[d];
            double l2 = 0, along = 0;
            for (int i = 0; i < d; i++)
            {
                double delta = (double)r1[i] - r0[i];
                l2 += delta * delta;
                along += r0[i] * delta;
            }
            if (l2 == 0)
            {
                for (int i = 0; i < d; i++)
                    multipliers[i] = n0 > 0 ? r0[i] / (double)n0 : 0;
                return multipliers;
            }
            double length = Math.Sqrt(l2), s0 = along / length;
            var perpendicular = new double[d];
            double k2 = 0;
            for (int i = 0; i < d; i++)
            {
                perpendicular[i] = r0[i] - s0 * ((double)r1[i] - r0[i]) / length;
                k2 += perpendicular[i] * perpendicular[i];
            }
            double k = Math.Sqrt(k2);
            double j = k > 0 ? (Math.Asinh((s0 + length) / k) - Math.Asinh(s0 / k)) / length : 0;
            double growth = ((double)n1 - n0) / l2;
            for (int i = 0; i < d; i++)
                multipliers[i] = perpendicular[i] * j + ((double)r1[i] - r0[i]) * growth;
            return multipliers;
        }

        private static void Rescale(Span<float> multipliers, float[] reference, float[] row)
        {
            for (int j = 0; j < multipliers.Length; j++)
                multipliers[j] *= Activations.RescaleSlope(Activation.Relu, reference[j], row[j]);
        }

        /// <summary>One row's forward pass, keeping what the backward pass needs: the same operations, so the same bits, as
        /// <see cref="ScoreRows"/>. Never changed once made: the reference's is kept for the next row.</summary>
        private sealed class Trace
        {
            public Trace(FeaWadScorer scorer, ReadOnlySpan<float> x)
            {
                int d = scorer.FeatureCount;
                DenseLayer[] autoencoder = scorer.AutoencoderLayers;
                Z = new float[autoencoder.Length][];
                ReadOnlySpan<float> input = x;
                float[] activations = Array.Empty<float>();
                for (int l = 0; l < autoencoder.Length; l++)
                {
                    Z[l] = new float[autoencoder[l].Width];
                    autoencoder[l].Linear(input, Z[l]);
                    activations = new float[autoencoder[l].Width];
                    for (int j = 0; j < activations.Length; j++)
                        activations[j] = Activations.Apply(Activation.Relu, Z[l][j]);
                    if (l == 2)
                        Code = activations;
                    input = activations;
                }
                var detector = new float[DetectorInputs(d)];
                Residual = new float[d];
                for (int i = 0; i < d; i++)
                    Residual[i] = x[i] - activations[i];
                RawNorm = MathF.Sqrt(FixedOrderSums.SumOfSquares(Residual));
                Norm = NormalisedResidual(x, activations.AsSpan(0, d), detector.AsSpan(0, d));
                Code.AsSpan(0, CodeWidth).CopyTo(detector.AsSpan(d));
                detector[d + CodeWidth] = Norm;

                HiddenZ = new float[HiddenWidth + 1];
                scorer._hidden.Linear(detector, HiddenZ);
                var hidden = new float[HiddenWidth + 1];
                for (int j = 0; j < HiddenWidth; j++)
                    hidden[j] = Activations.Apply(Activation.Relu, HiddenZ[j]);
                hidden[HiddenWidth] = Norm;
                NarrowZ = new float[NarrowWidth];
                scorer._narrow.Linear(hidden, NarrowZ);
            }

            /// <summary>The autoencoder layers' pre-activations.</summary>
            public float[][] Z { get; }
            public float[] Code { get; } = Array.Empty<float>();
            public float[] Residual { get; }

            /// <summary>|r|, and n = max(|r|, eps).</summary>
            public float RawNorm { get; }
            public float Norm { get; }
            public float[] HiddenZ { get; }
            public float[] NarrowZ { get; }
        }
    }
}
