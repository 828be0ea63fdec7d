using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Microsoft.ML.AnoOnly.Scoring
{
    /// <summary>
    /// The matrix kernels of <see cref="DenseLayer"/>. A layer with at least <see cref="Lanes"/> outputs is stored
    /// transposed and padded to whole 8-lane vectors, in panels of up to <see cref="PanelFloats"/> outputs, each panel
    /// stored whole (<see cref="Pack"/>), so that its outputs lie along the vector lanes: the block kernel keeps a tile
    /// of 4 rows x 4 vectors of accumulators in registers where AVX-512 gives 32 of them (4 x 2 otherwise), broadcasts
    /// one input of each row and multiply-adds it with the tile's vectors of weights (no horizontal sums, no remainder
    /// loop over the inputs). Every output is <c>bias + x[0] w[0] + x[1] w[1] + ...</c> accumulated in that order, one
    /// fused multiply-add per input, in every tile alike, and whatever the vectors' width: a row scores to the same bits
    /// alone or in a block, with 8 lanes or 16. The kernels are written once over the vector type
    /// (<see cref="IVectorOps{T}"/>, specialised by the JIT for each width) and compiled fully optimised from their first
    /// call (no tiered compilation), so the first rows score at full speed. Blocks are computed panel by panel of
    /// outputs, so that a wide layer's weights stay in the L1 cache while the block's rows pass.
    /// </summary>
    internal static unsafe class DenseKernels
    {
        /// <summary>Floats per 256-bit vector: the narrowest width the kernels use, and the fewest outputs a packed layer has.</summary>
        public const int Lanes = 8;

        /// <summary>Outputs per panel of the block kernel: 30 inputs' weights of a panel take 15 KB, well within L1.</summary>
        private const int PanelFloats = 128;

        /// <summary>
        /// W ([outputs, inputs], row-major) transposed into panels of <see cref="PanelFloats"/> outputs (the last one
        /// narrower), each panel whole: <c>packed[p * PanelFloats * inputs + i * width_p + (o - p * PanelFloats)] = W[o, i]</c>,
        /// the <paramref name="padded"/> - outputs padding columns zero. A layer of one panel is plain W transposed. Panels
        /// are stored whole, not as slices of a row <c>padded</c> floats long, because the block kernel reads a panel's
        /// inputs one after the other: at the kNN member's 512 outputs those rows would lie 2 KB apart, every one in the
        /// same few L1 sets, and a panel of 30 of them would not stay in the cache.
        /// </summary>
        public static float[] Pack(ReadOnlySpan<float> weights, int inputs, int outputs, int padded)
        {
            var packed = new float[(long)inputs * padded];
            for (int c = 0; c < padded; c += PanelFloats)
            {
                int width = Math.Min(PanelFloats, padded - c);
                long panel = (long)c * inputs;
                for (int o = c; o < Math.Min(c + width, outputs); o++)
                {
                    for (int i = 0; i < inputs; i++)
                        packed[panel + (long)i * width + (o - c)] = weights[o * inputs + i];
                }
            }
            return packed;
        }

        /// <summary>
        /// The padded width of a layer of <paramref name="count"/> outputs: whole 512-bit vectors where the processor runs
        /// them and they add at most an eighth of padding (DeepSAD's 100 outputs pad to 112; the kNN member's 512 and
        /// FEAWAD's 16-256 are whole already), whole 256-bit vectors of <see cref="Lanes"/> otherwise (a layer of 20 pads to
        /// 24, not 32). Where 512-bit multiply-adds run at full width, a 16-lane layer costs about half as many cycles per
        /// output as an 8-lane one, so the eighth of padding pays for itself; where they run as two halves, it costs at
        /// most that eighth.
        /// </summary>
        public static int Padded(int count)
        {
            int narrow = (count + Lanes - 1) / Lanes * Lanes, wide = (count + 2 * Lanes - 1) / (2 * Lanes) * (2 * Lanes);
            return Vector512.IsHardwareAccelerated && (long)(wide - count) * 8 <= count ? wide : narrow;
        }

        /// <summary>
        /// <c>y[r, 0..padded) = act(bias + x[r, 0..inputs) packed)</c> for <paramref name="rows"/> rows; the padding
        /// outputs come out as act(0) and are never read. Each row of <paramref name="y"/> must hold
        /// <paramref name="padded"/> floats, a multiple of 8. A layer whose padded width is a whole number of 512-bit vectors
        /// is computed with them where the processor runs them (see <see cref="Padded"/>); the others keep 8 lanes.
        /// </summary>
        public static void Packed(ReadOnlySpan<float> x, int xStride, int rows, int inputs, float[] packed, float[] bias, int padded,
            Activation activation, Span<float> y, int yStride)
        {
            if (padded % (2 * Lanes) == 0 && Vector512.IsHardwareAccelerated)
                Packed<Wide, Vector512<float>>(x, xStride, rows, inputs, packed, bias, padded, activation, y, yStride);
            else
                Packed<Narrow, Vector256<float>>(x, xStride, rows, inputs, packed, bias, padded, activation, y, yStride);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Packed<TOps, TVector>(ReadOnlySpan<float> x, int xStride, int rows, int inputs, float[] packed, float[] bias,
            int padded, Activation activation, Span<float> y, int yStride)
            where TOps : struct, IVectorOps<TVector>
            where TVector : struct
        {
            if (rows == 0)
                return;
            if ((long)(rows - 1) * xStride + inputs > x.Length || (long)(rows - 1) * yStride + padded > y.Length)
                throw new ArgumentException("The block's buffers are smaller than its rows.");
            fixed (float* xp = x, yp = y, wp = packed, bp = bias)
            {
                int whole = rows / 4 * 4;
                // Panel by panel of outputs, every 4-row tile of the block: a panel's weights stay in the L1 cache while the
                // rows pass, instead of the whole layer streaming from L2 once per tile (a wide layer, such as the kNN
                // member's 512 reference rows, does not fit L1).
                for (int c = 0; c < padded; c += PanelFloats)
                {
                    int width = Math.Min(PanelFloats, padded - c);
                    float* panel = wp + (long)c * inputs;
                    for (int r = 0; r < whole; r += 4)
                        Tile4<TOps, TVector>(xp + (long)r * xStride, xStride, inputs, panel, bp + c, width, activation,
                            yp + (long)r * yStride + c, yStride);
                    for (int r = whole; r < rows; r++)
                        Tile1<TOps, TVector>(xp + (long)r * xStride, inputs, panel, bp + c, width, activation, yp + (long)r * yStride + c);
                }
            }
        }

        /// <summary>Four rows, the outputs <c>[0, width)</c> of one panel (its weights <paramref name="width"/> floats
        /// apart from one input to the next).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Tile4<TOps, TVector>(float* x, int xStride, int inputs, float* w, float* bias, int width,
            Activation activation, float* y, int yStride)
            where TOps : struct, IVectorOps<TVector>
            where TVector : struct
        {
            int lanes = TOps.Count;
            float* x0 = x, x1 = x + xStride, x2 = x + 2 * xStride, x3 = x + 3 * xStride;
            int c = 0;
            if (TOps.ThirtyTwoRegisters)
            {
                for (; c + 4 * lanes <= width; c += 4 * lanes)
                    Tile4x4<TOps, TVector>(x, xStride, inputs, w + c, bias + c, width, activation, y + c, yStride);
            }
            for (; c + 2 * lanes <= width; c += 2 * lanes)
            {
                TVector b0 = TOps.Load(bias + c), b1 = TOps.Load(bias + c + lanes);
                TVector a00 = b0, a01 = b1, a10 = b0, a11 = b1, a20 = b0, a21 = b1, a30 = b0, a31 = b1;
                float* wc = w + c;
                for (int i = 0; i < inputs; i++, wc += width)
                {
                    TVector w0 = TOps.Load(wc), w1 = TOps.Load(wc + lanes);
                    TVector v = TOps.Broadcast(x0[i]);
                    a00 = TOps.MultiplyAdd(v, w0, a00);
                    a01 = TOps.MultiplyAdd(v, w1, a01);
                    v = TOps.Broadcast(x1[i]);
                    a10 = TOps.MultiplyAdd(v, w0, a10);
                    a11 = TOps.MultiplyAdd(v, w1, a11);
                    v = TOps.Broadcast(x2[i]);
                    a20 = TOps.MultiplyAdd(v, w0, a20);
                    a21 = TOps.MultiplyAdd(v, w1, a21);
                    v = TOps.Broadcast(x3[i]);
                    a30 = TOps.MultiplyAdd(v, w0, a30);
                    a31 = TOps.MultiplyAdd(v, w1, a31);
                }
                Store<TOps, TVector>(a00, a01, activation, y + c);
                Store<TOps, TVector>(a10, a11, activation, y + yStride + c);
                Store<TOps, TVector>(a20, a21, activation, y + 2 * yStride + c);
                Store<TOps, TVector>(a30, a31, activation, y + 3 * yStride + c);
            }
            if (c < width)
            {
                TVector b0 = TOps.Load(bias + c);
                TVector a0 = b0, a1 = b0, a2 = b0, a3 = b0;
                float* wc = w + c;
                for (int i = 0; i < inputs; i++, wc += width)
                {
                    TVector w0 = TOps.Load(wc);
                    a0 = TOps.MultiplyAdd(TOps.Broadcast(x0[i]), w0, a0);
                    a1 = TOps.MultiplyAdd(TOps.Broadcast(x1[i]), w0, a1);
                    a2 = TOps.MultiplyAdd(TOps.Broadcast(x2[i]), w0, a2);
                    a3 = TOps.MultiplyAdd(TOps.Broadcast(x3[i]), w0, a3);
                }
                TOps.Store(TOps.Activate(a0, activation), y + c);
                TOps.Store(TOps.Activate(a1, activation), y + yStride + c);
                TOps.Store(TOps.Activate(a2, activation), y + 2 * yStride + c);
                TOps.Store(TOps.Activate(a3, activation), y + 3 * yStride + c);
            }
        }

        /// <summary>
        /// Four rows, four vectors of outputs: 16 accumulators, where the processor has the 32 vector registers that they
        /// and the four vectors of weights need (AVX-512). Per input it loads four vectors and broadcasts four values for
        /// 16 multiply-adds, against two and four for 8 in the 4 x 2 tile, and twice as many independent chains hide the
        /// multiply-add latency. Each output is the same chain.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Tile4x4<TOps, TVector>(float* x, int xStride, int inputs, float* w, float* bias, int width,
            Activation activation, float* y, int yStride)
            where TOps : struct, IVectorOps<TVector>
            where TVector : struct
        {
            int lanes = TOps.Count;
            float* x0 = x, x1 = x + xStride, x2 = x + 2 * xStride, x3 = x + 3 * xStride;
            TVector b0 = TOps.Load(bias), b1 = TOps.Load(bias + lanes), b2 = TOps.Load(bias + 2 * lanes), b3 = TOps.Load(bias + 3 * lanes);
            TVector a00 = b0, a01 = b1, a02 = b2, a03 = b3, a10 = b0, a11 = b1, a12 = b2, a13 = b3;
            TVector a20 = b0, a21 = b1, a22 = b2, a23 = b3, a30 = b0, a31 = b1, a32 = b2, a33 = b3;
            for (int i = 0; i < inputs; i++, w += width)
            {
                TVector w0 = TOps.Load(w), w1 = TOps.Load(w + lanes), w2 = TOps.Load(w + 2 * lanes), w3 = TOps.Load(w + 3 * lanes);
                TVector v = TOps.Broadcast(x0[i]);
                a00 = TOps.MultiplyAdd(v, w0, a00);
                a01 = TOps.MultiplyAdd(v, w1, a01);
                a02 = TOps.MultiplyAdd(v, w2, a02);
                a03 = TOps.MultiplyAdd(v, w3, a03);
                v = TOps.Broadcast(x1[i]);
                a10 = TOps.MultiplyAdd(v, w0, a10);
                a11 = TOps.MultiplyAdd(v, w1, a11);
                a12 = TOps.MultiplyAdd(v, w2, a12);
                a13 = TOps.MultiplyAdd(v, w3, a13);
                v = TOps.Broadcast(x2[i]);
                a20 = TOps.MultiplyAdd(v, w0, a20);
                a21 = TOps.MultiplyAdd(v, w1, a21);
                a22 = TOps.MultiplyAdd(v, w2, a22);
                a23 = TOps.MultiplyAdd(v, w3, a23);
                v = TOps.Broadcast(x3[i]);
                a30 = TOps.MultiplyAdd(v, w0, a30);
                a31 = TOps.MultiplyAdd(v, w1, a31);
                a32 = TOps.MultiplyAdd(v, w2, a32);
                a33 = TOps.MultiplyAdd(v, w3, a33);
            }
            Store<TOps, TVector>(a00, a01, activation, y);
            Store<TOps, TVector>(a02, a03, activation, y + 2 * lanes);
            Store<TOps, TVector>(a10, a11, activation, y + yStride);
            Store<TOps, TVector>(a12, a13, activation, y + yStride + 2 * lanes);
            Store<TOps, TVector>(a20, a21, activation, y + 2 * yStride);
            Store<TOps, TVector>(a22, a23, activation, y + 2 * yStride + 2 * lanes);
            Store<TOps, TVector>(a30, a31, activation, y + 3 * yStride);
            Store<TOps, TVector>(a32, a33, activation, y + 3 * yStride + 2 * lanes);
        }

        /// <summary>One row, the outputs <c>[0, width)</c> of one panel: up to eight vectors of outputs at a time, so that
        /// eight independent accumulators hide the multiply-add latency that a single row's chain of inputs would otherwise
        /// expose.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Tile1<TOps, TVector>(float* x, int inputs, float* w, float* bias, int width, Activation activation, float* y)
            where TOps : struct, IVectorOps<TVector>
            where TVector : struct
        {
            int lanes = TOps.Count;
            int c = 0;
            for (; c + 8 * lanes <= width; c += 8 * lanes)
            {
                TVector a0 = TOps.Load(bias + c), a1 = TOps.Load(bias + c + lanes);
                TVector a2 = TOps.Load(bias + c + 2 * lanes), a3 = TOps.Load(bias + c + 3 * lanes);
                TVector a4 = TOps.Load(bias + c + 4 * lanes), a5 = TOps.Load(bias + c + 5 * lanes);
                TVector a6 = TOps.Load(bias + c + 6 * lanes), a7 = TOps.Load(bias + c + 7 * lanes);
                float* wc = w + c;
                for (int i = 0; i < inputs; i++, wc += width)
                {
                    TVector v = TOps.Broadcast(x[i]);
                    a0 = TOps.MultiplyAdd(v, TOps.Load(wc), a0);
                    a1 = TOps.MultiplyAdd(v, TOps.Load(wc + lanes), a1);
                    a2 = TOps.MultiplyAdd(v, TOps.Load(wc + 2 * lanes), a2);
                    a3 = TOps.MultiplyAdd(v, TOps.Load(wc + 3 * lanes), a3);
                    a4 = TOps.MultiplyAdd(v, TOps.Load(wc + 4 * lanes), a4);
                    a5 = TOps.MultiplyAdd(v, TOps.Load(wc + 5 * lanes), a5);
                    a6 = TOps.MultiplyAdd(v, TOps.Load(wc + 6 * lanes), a6);
                    a7 = TOps.MultiplyAdd(v, TOps.Load(wc + 7 * lanes), a7);
                }
                Store<TOps, TVector>(a0, a1, activation, y + c);
                Store<TOps, TVector>(a2, a3, activation, y + c + 2 * lanes);
                Store<TOps, TVector>(a4, a5, activation, y + c + 4 * lanes);
                Store<TOps, TVector>(a6, a7, activation, y + c + 6 * lanes);
            }
            for (; c + 3 * lanes <= width; c += 3 * lanes)
            {
                TVector a0 = TOps.Load(bias + c), a1 = TOps.Load(bias + c + lanes), a2 = TOps.Load(bias + c + 2 * lanes);
                float* wc = w + c;
                for (int i = 0; i < inputs; i++, wc += width)
                {
                    TVector v = TOps.Broadcast(x[i]);
                    a0 = TOps.MultiplyAdd(v, TOps.Load(wc), a0);
                    a1 = TOps.MultiplyAdd(v, TOps.Load(wc + lanes), a1);
                    a2 = TOps.MultiplyAdd(v, TOps.Load(wc + 2 * lanes), a2);
                }
                Store<TOps, TVector>(a0, a1, activation, y + c);
                TOps.Store(TOps.Activate(a2, activation), y + c + 2 * lanes);
            }
            for (; c < width; c += lanes)
            {
                TVector a0 = TOps.Load(bias + c);
                float* wc = w + c;
                for (int i = 0; i < inputs; i++, wc += width)
                    a0 = TOps.MultiplyAdd(TOps.Broadcast(x[i]), TOps.Load(wc), a0);
                TOps.Store(TOps.Activate(a0, activation), y + c);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Store<TOps, TVector>(TVector first, TVector second, Activation activation, float* y)
            where TOps : struct, IVectorOps<TVector>
            where TVector : struct
        {
            TOps.Store(TOps.Activate(first, activation), y);
            TOps.Store(TOps.Activate(second, activation), y + TOps.Count);
        }

        /// <summary>What the kernels do with a vector of floats, for one width: the kernels are generic over it, and the JIT
        /// compiles them once per width with these calls inlined.</summary>
        private interface IVectorOps<TVector>
            where TVector : struct
        {
            static abstract int Count { get; }
            /// <summary>Whether 32 registers of this width exist (AVX-512), enough for the 4 x 4 tile.</summary>
            static abstract bool ThirtyTwoRegisters { get; }
            static abstract TVector Load(float* p);
            static abstract void Store(TVector value, float* p);
            static abstract TVector Broadcast(float value);
            static abstract TVector MultiplyAdd(TVector a, TVector b, TVector c);
            static abstract TVector Activate(TVector z, Activation activation);
        }

        /// <summary>256-bit vectors, 8 lanes.</summary>
        private readonly struct Narrow : IVectorOps<Vector256<float>>
        {
            public static int Count => Vector256<float>.Count;
            public static bool ThirtyTwoRegisters => false;
            public static Vector256<float> Load(float* p) => Vector256.Load(p);
            public static void Store(Vector256<float> value, float* p) => value.Store(p);
            public static Vector256<float> Broadcast(float value) => Vector256.Create(value);
            public static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) => DenseKernels.MultiplyAdd(a, b, c);
            public static Vector256<float> Activate(Vector256<float> z, Activation activation) => activation switch
            {
                Activation.Relu => Vector256.ConditionalSelect(Vector256.GreaterThan(z, Vector256<float>.Zero), z, Vector256<float>.Zero),
                Activation.LeakyRelu => Vector256.ConditionalSelect(Vector256.GreaterThan(z, Vector256<float>.Zero), z,
                    z * Vector256.Create(Activations.LeakySlope)),
                _ => z,
            };
        }

        /// <summary>512-bit vectors, 16 lanes (used only where they are accelerated, hence AVX-512 and its fused
        /// multiply-add): the same multiply-add per lane as <see cref="Narrow"/>, so the same bits.</summary>
        private readonly struct Wide : IVectorOps<Vector512<float>>
        {
            public static int Count => Vector512<float>.Count;
            public static bool ThirtyTwoRegisters => true;
            public static Vector512<float> Load(float* p) => Vector512.Load(p);
            public static void Store(Vector512<float> value, float* p) => value.Store(p);
            public static Vector512<float> Broadcast(float value) => Vector512.Create(value);
            public static Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c)
                => Avx512F.FusedMultiplyAdd(a, b, c);
            public static Vector512<float> Activate(Vector512<float> z, Activation activation) => activation switch
            {
                Activation.Relu => Vector512.ConditionalSelect(Vector512.GreaterThan(z, Vector512<float>.Zero), z, Vector512<float>.Zero),
                Activation.LeakyRelu => Vector512.ConditionalSelect(Vector512.GreaterThan(z, Vector512<float>.Zero), z,
                    z * Vector512.Create(Activations.LeakySlope)),
                _ => z,
            };
        }

        /// <summary>One fused multiply-add where the processor has it (the scalar paths use the same through
        /// <see cref="MultiplyAdd(float, float, float)"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c)
            => Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : a * b + c;

        /// <summary>The scalar twin of the vector multiply-add.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float MultiplyAdd(float a, float b, float c) => Fma.IsSupported ? MathF.FusedMultiplyAdd(a, b, c) : a * b + c;

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

        /// <summary>
        /// <c>y = Wᵀ m</c> for W given row-major as [outputs, inputs]: each <c>y[i] = Σ_o W[o, i] m[o]</c>, summed over the
        /// outputs in order, one fused multiply-add per output, from zero. A row of W holds eight inputs' weights side by
        /// side, so eight inputs are summed at once, four vectors of them in flight; the inputs left over take the same
        /// chain one by one, so every input has the same bits whichever way it was summed.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void TransposedProduct(ReadOnlySpan<float> weights, int outputs, int inputs, ReadOnlySpan<float> m, Span<float> y)
        {
            if (weights.Length < (long)outputs * inputs || m.Length < outputs || y.Length < inputs)
                throw new ArgumentException("The weights, the multipliers or the result are smaller than the layer.");
            fixed (float* wp = weights, mp = m, yp = y)
            {
                int i = 0;
                for (; i + 4 * Lanes <= inputs; i += 4 * Lanes)
                {
                    Vector256<float> a0 = Vector256<float>.Zero, a1 = a0, a2 = a0, a3 = a0;
                    float* w = wp + i;
                    for (int o = 0; o < outputs; o++, w += inputs)
                    {
                        Vector256<float> v = Vector256.Create(mp[o]);
                        a0 = MultiplyAdd(Vector256.Load(w), v, a0);
                        a1 = MultiplyAdd(Vector256.Load(w + Lanes), v, a1);
                        a2 = MultiplyAdd(Vector256.Load(w + 2 * Lanes), v, a2);
                        a3 = MultiplyAdd(Vector256.Load(w + 3 * Lanes), v, a3);
                    }
                    a0.Store(yp + i);
                    a1.Store(yp + i + Lanes);
                    a2.Store(yp + i + 2 * Lanes);
                    a3.Store(yp + i + 3 * Lanes);
                }
                for (; i + Lanes <= inputs; i += Lanes)
                {
                    Vector256<float> a = Vector256<float>.Zero;
                    float* w = wp + i;
                    for (int o = 0; o < outputs; o++, w += inputs)
                        a = MultiplyAdd(Vector256.Load(w), Vector256.Create(mp[o]), a);
                    a.Store(yp + i);
                }
                for (; i < inputs; i++)
                {
                    float a = 0;
                    for (int o = 0; o < outputs; o++)
                        a = MultiplyAdd(wp[(long)o * inputs + i], mp[o], a);
                    yp[i] = a;
                }
            }
        }

        /// <summary>A dot product in a fixed order: eight lanes of fused multiply-adds, the lanes summed pairwise
        /// (<see cref="FixedOrderSums.FoldLanes"/>), then the remainder one by one.</summary>
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
                float total = FixedOrderSums.FoldLanes(sum);
                for (; i < n; i++)
                    total = MultiplyAdd(ap[i], bp[i], total);
                return total;
            }
        }
    }
}
