using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Microsoft.ML.AnoOnly.Scoring
{
    /// <summary>
    /// The matrix kernels of <see cref="DenseLayer"/>. A layer with at least <see cref="Lanes"/> outputs is stored
    /// transposed and padded, <c>packed[i * padded + o] = W[o, i]</c>, so that its outputs lie along the vector lanes: the
    /// block kernel keeps a 4 rows x 16 outputs tile of accumulators in registers, broadcasts one input of each row and
    /// multiply-adds it with two vectors of weights (no horizontal sums, no remainder loop over the inputs). Every output
    /// is <c>bias + x[0] w[0] + x[1] w[1] + ...</c> accumulated in that order, one fused multiply-add per input, in the
    /// 4-row tile and in the single-row tile alike: a row scores to the same bits alone or in a block. The kernels are
    /// compiled fully optimised from their first call (no tiered compilation), so the first rows score at full speed.
    /// </summary>
    internal static unsafe class DenseKernels
    {
        /// <summary>Floats per vector.</summary>
        public const int Lanes = 8;

        /// <summary><paramref name="count"/> rounded up to whole vectors.</summary>
        public static int Padded(int count) => (count + Lanes - 1) / Lanes * Lanes;

        /// <summary>
        /// <c>y[r, 0..padded) = act(bias + x[r, 0..inputs) packed)</c> for <paramref name="rows"/> rows; the padding
        /// outputs come out as act(0) and are never read. Each row of <paramref name="y"/> must hold
        /// <paramref name="padded"/> floats.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Packed(ReadOnlySpan<float> x, int xStride, int rows, int inputs, float[] packed, float[] bias, int padded,
            Activation activation, Span<float> y, int yStride)
        {
            if (rows == 0)
                return;
            if ((long)(rows - 1) * xStride + inputs > x.Length || (long)(rows - 1) * yStride + padded > y.Length)
                throw new ArgumentException("The block's buffers are smaller than its rows.");
            fixed (float* xp = x, yp = y, wp = packed, bp = bias)
            {
                int r = 0;
                for (; r + 4 <= rows; r += 4)
                    Tile4(xp + (long)r * xStride, xStride, inputs, wp, bp, padded, activation, yp + (long)r * yStride, yStride);
                for (; r < rows; r++)
                    Tile1(xp + (long)r * xStride, inputs, wp, bp, padded, activation, yp + (long)r * yStride);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Tile4(float* x, int xStride, int inputs, float* w, float* bias, int padded, Activation activation, float* y, int yStride)
        {
            float* x0 = x, x1 = x + xStride, x2 = x + 2 * xStride, x3 = x + 3 * xStride;
            int c = 0;
            for (; c + 2 * Lanes <= padded; c += 2 * Lanes)
            {
                Vector256<float> b0 = Vector256.Load(bias + c), b1 = Vector256.Load(bias + c + Lanes);
                Vector256<float> a00 = b0, a01 = b1, a10 = b0, a11 = b1, a20 = b0, a21 = b1, a30 = b0, a31 = b1;
                float* wc = w + c;
                for (int i = 0; i < inputs; i++, wc += padded)
                {
                    Vector256<float> w0 = Vector256.Load(wc), w1 = Vector256.Load(wc + Lanes);
                    Vector256<float> v = Vector256.Create(x0[i]);
                    a00 = MultiplyAdd(v, w0, a00);
                    a01 = MultiplyAdd(v, w1, a01);
                    v = Vector256.Create(x1[i]);
                    a10 = MultiplyAdd(v, w0, a10);
                    a11 = MultiplyAdd(v, w1, a11);
                    v = Vector256.Create(x2[i]);
                    a20 = MultiplyAdd(v, w0, a20);
                    a21 = MultiplyAdd(v, w1, a21);
                    v = Vector256.Create(x3[i]);
                    a30 = MultiplyAdd(v, w0, a30);
                    a31 = MultiplyAdd(v, w1, a31);
                }
                Store(a00, a01, activation, y + c);
                Store(a10, a11, activation, y + yStride + c);
                Store(a20, a21, activation, y + 2 * yStride + c);
                Store(a30, a31, activation, y + 3 * yStride + c);
            }
            if (c < padded)
            {
                Vector256<float> b0 = Vector256.Load(bias + c);
                Vector256<float> a0 = b0, a1 = b0, a2 = b0, a3 = b0;
                float* wc = w + c;
                for (int i = 0; i < inputs; i++, wc += padded)
                {
                    Vector256<float> w0 = Vector256.Load(wc);
                    a0 = MultiplyAdd(Vector256.Create(x0[i]), w0, a0);
                    a1 = MultiplyAdd(Vector256.Create(x1[i]), w0, a1);
                    a2 = MultiplyAdd(Vector256.Create(x2[i]), w0, a2);
                    a3 = MultiplyAdd(Vector256.Create(x3[i]), w0, a3);
                }
                Activate(a0, activation).Store(y + c);
                Activate(a1, activation).Store(y + yStride + c);
                Activate(a2, activation).Store(y + 2 * yStride + c);
                Activate(a3, activation).Store(y + 3 * yStride + c);
            }
        }

        /// <summary>One row: up to eight vectors of outputs at a time, so that eight independent accumulators hide the
        /// multiply-add latency that a single row's chain of inputs would otherwise expose.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Tile1(float* x, int inputs, float* w, float* bias, int padded, Activation activation, float* y)
        {
            int c = 0;
            for (; c + 8 * Lanes <= padded; c += 8 * Lanes)
            {
                Vector256<float> a0 = Vector256.Load(bias + c), a1 = Vector256.Load(bias + c + Lanes);
                Vector256<float> a2 = Vector256.Load(bias + c + 2 * Lanes), a3 = Vector256.Load(bias + c + 3 * Lanes);
                Vector256<float> a4 = Vector256.Load(bias + c + 4 * Lanes), a5 = Vector256.Load(bias + c + 5 * Lanes);
                Vector256<float> a6 = Vector256.Load(bias + c + 6 * Lanes), a7 = Vector256.Load(bias + c + 7 * Lanes);
                float* wc = w + c;
                for (int i = 0; i < inputs; i++, wc += padded)
                {
                    Vector256<float> v = Vector256.Create(x[i]);
                    a0 = MultiplyAdd(v, Vector256.Load(wc), a0);
                    a1 = MultiplyAdd(v, Vector256.Load(wc + Lanes), a1);
                    a2 = MultiplyAdd(v, Vector256.Load(wc + 2 * Lanes), a2);
                    a3 = MultiplyAdd(v, Vector256.Load(wc + 3 * Lanes), a3);
                    a4 = MultiplyAdd(v, Vector256.Load(wc + 4 * Lanes), a4);
                    a5 = MultiplyAdd(v, Vector256.Load(wc + 5 * Lanes), a5);
                    a6 = MultiplyAdd(v, Vector256.Load(wc + 6 * Lanes), a6);
                    a7 = MultiplyAdd(v, Vector256.Load(wc + 7 * Lanes), a7);
                }
                Store(a0, a1, activation, y + c);
                Store(a2, a3, activation, y + c + 2 * Lanes);
                Store(a4, a5, activation, y + c + 4 * Lanes);
                Store(a6, a7, activation, y + c + 6 * Lanes);
            }
            for (; c + 3 * Lanes <= padded; c += 3 * Lanes)
            {
                Vector256<float> a0 = Vector256.Load(bias + c), a1 = Vector256.Load(bias + c + Lanes), a2 = Vector256.Load(bias + c + 2 * Lanes);
                float* wc = w + c;
                for (int i = 0; i < inputs; i++, wc += padded)
                {
                    Vector256<float> v = Vector256.Create(x[i]);
                    a0 = MultiplyAdd(v, Vector256.Load(wc), a0);
                    a1 = MultiplyAdd(v, Vector256.Load(wc + Lanes), a1);
                    a2 = MultiplyAdd(v, Vector256.Load(wc + 2 * Lanes), a2);
                }
                Store(a0, a1, activation, y + c);
                Activate(a2, activation).Store(y + c + 2 * Lanes);
            }
            for (; c < padded; c += Lanes)
            {
                Vector256<float> a0 = Vector256.Load(bias + c);
                float* wc = w + c;
                for (int i = 0; i < inputs; i++, wc += padded)
                    a0 = MultiplyAdd(Vector256.Create(x[i]), Vector256.Load(wc), a0);
                Activate(a0, activation).Store(y + c);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Store(Vector256<float> first, Vector256<float> second, Activation activation, float* y)
        {
            Activate(first, activation).Store(y);
            Activate(second, activation).Store(y + Lanes);
        }

        /// <summary>One fused multiply-add where the processor has it (the scalar paths use the same through
        /// <see cref="MultiplyAdd(float, float, float)"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c)
            => Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : a * b + c;

        /// <summary>The scalar twin of the vector multiply-add.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float MultiplyAdd(float a, float b, float c) => Fma.IsSupported ? MathF.FusedMultiplyAdd(a, b, c) : a * b + c;

        /// <summary>The activation as a comparison and a select: the same bits as <see cref="Activations.Apply"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<float> Activate(Vector256<float> z, Activation activation) => activation switch
        {
            Activation.Relu => Vector256.ConditionalSelect(Vector256.GreaterThan(z, Vector256<float>.Zero), z, Vector256<float>.Zero),
            Activation.LeakyRelu => Vector256.ConditionalSelect(Vector256.GreaterThan(z, Vector256<float>.Zero), z,
                z * Vector256.Create(Activations.LeakySlope)),
            _ => z,
        };

        /// <summary>
        /// A layer of fewer than <see cref="Lanes"/> outputs (the score layers): one dot product per row and output,
        /// <c>act(dot(W[o], x[r]) + bias[o])</c>. The dot product is this class's own, in a fixed order, so a row gives the
        /// same bits alone or in a block.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void RowDots(ReadOnlySpan<float> x, int xStride, int rows, int inputs, float[] weights, float[]? bias, int outputs,
            Activation activation, Span<float> y, int yStride)
        {
            for (int r = 0; r < rows; r++)
            {
                ReadOnlySpan<float> row = x.Slice(r * xStride, inputs);
                Span<float> output = y.Slice(r * yStride, outputs);
                for (int o = 0; o < outputs; o++)
                {
                    float value = Dot(weights.AsSpan(o * inputs, inputs), row);
                    if (bias != null)
                        value += bias[o];
                    output[o] = Activations.Apply(activation, value);
                }
            }
        }

        /// <summary>A dot product in a fixed order: eight lanes of fused multiply-adds, the lanes summed pairwise, then
        /// the remainder one by one.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
        {
            int n = a.Length;
            if (b.Length < n)
                throw new ArgumentException("The second vector is shorter than the first.");
            fixed (float* ap = a, bp = b)
            {
                Vector256<float> sum = Vector256<float>.Zero;
                int i = 0;
                for (; i + Lanes <= n; i += Lanes)
                    sum = MultiplyAdd(Vector256.Load(ap + i), Vector256.Load(bp + i), sum);
                Vector128<float> half = sum.GetLower() + sum.GetUpper();
                float total = (half.GetElement(0) + half.GetElement(2)) + (half.GetElement(1) + half.GetElement(3));
                for (; i < n; i++)
                    total = MultiplyAdd(ap[i], bp[i], total);
                return total;
            }
        }
    }
}
