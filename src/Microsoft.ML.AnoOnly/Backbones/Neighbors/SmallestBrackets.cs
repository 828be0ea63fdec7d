using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Microsoft.ML.AnoOnly.Backbones.Neighbors
{
    /// <summary>
    /// The kNN member's choice of neighbours: the <c>k</c> smallest of a row's brackets to the reference rows, ascending,
    /// and which reference rows they belong to (the first of equal ones). The rule is plain: each bracket, in order, goes
    /// in when it is below the k-th smallest so far. Most never go in, so they are first screened against a bound on the
    /// k-th smallest of all (<see cref="Bound"/>): a bracket above it cannot be among the k smallest. The brackets at or
    /// below it, a handful, form a shortlist from which the k smallest are taken without a branch on their values
    /// (<see cref="TakeFromShortlist"/>); a longer list (many equal brackets) takes the rule one by one, in order. Neither
    /// the bound nor the screen branches on a value either: the order of a row's brackets is random, so every such branch
    /// is a coin toss for the processor, and a mispredicted one costs more than the comparisons it decides. This runs once
    /// per row scored, over hundreds of brackets, so it also avoids calls, bounds checks and zeroed stack memory in its
    /// loops.
    /// </summary>
    [SkipLocalsInit]
    internal static class SmallestBrackets
    {
        /// <summary>Fills <paramref name="nearest"/> (k = its length, at least 1) with the k smallest of
        /// <paramref name="brackets"/>, ascending, and <paramref name="which"/> with their places; +infinity and 0 where
        /// there are fewer than k.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Select(ReadOnlySpan<float> brackets, Span<float> nearest, Span<int> which)
        {
            int k = nearest.Length;
            if (k < 1 || which.Length != k)
                throw new ArgumentException("Choose at least one neighbour, with one place for each.", nameof(which));
            nearest.Fill(float.PositiveInfinity);
            which.Clear();
            ref float first = ref MemoryMarshal.GetReference(brackets);
            ref float smallest = ref MemoryMarshal.GetReference(nearest);
            ref int places = ref MemoryMarshal.GetReference(which);
            int lanes = Vector256<float>.Count;
            int whole = Vector256.IsHardwareAccelerated && k <= lanes ? brackets.Length / lanes * lanes : 0;
            if (whole > 0)
            {
                Span<float> values = stackalloc float[Shortlist];
                Span<int> indices = stackalloc int[Shortlist];
                float bound = Bound(ref first, whole, k, values);
                int count = float.IsFinite(bound) ? Screen(ref first, whole, bound, values, indices) : Shortlist + 1;
                if (count <= Shortlist)
                    TakeFromShortlist(values, indices, count, ref smallest, ref places, k);
                else
                    TakeScreened(ref first, whole, bound, ref smallest, ref places, k);
            }
            for (int r = whole; r < brackets.Length; r++)
                Take(ref smallest, ref places, k, Unsafe.Add(ref first, r), r);
        }

        /// <summary>The most brackets at or below the bound that go to the branch-free choice; more (many equal brackets,
        /// or a bound of +infinity) take the rule one by one.</summary>
        private const int Shortlist = 16;

        /// <summary>The brackets at or below <paramref name="bound"/>, in order, and their places: how many there are, or
        /// <see cref="Shortlist"/> + 1 as soon as there are more than fit.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static int Screen(ref float first, int whole, float bound, Span<float> values, Span<int> indices)
        {
            int lanes = Vector256<float>.Count, count = 0;
            Vector256<float> limit = Vector256.Create(bound);
            ref float value = ref MemoryMarshal.GetReference(values);
            ref int index = ref MemoryMarshal.GetReference(indices);
            for (int start = 0; start < whole; start += 8 * lanes)
            {
                ulong below = AtOrBelow(ref first, start, whole, limit);
                if (count + BitOperations.PopCount(below) > Shortlist)
                    return Shortlist + 1;
                for (; below != 0; below &= below - 1, count++)
                {
                    int place = start + BitOperations.TrailingZeroCount(below);
                    Unsafe.Add(ref value, count) = Unsafe.Add(ref first, place);
                    Unsafe.Add(ref index, count) = place;
                }
            }
            return count;
        }

        /// <summary>
        /// The k smallest of a shortlist of at most 16 brackets (in the order of their places, none NaN or +infinity, at
        /// least k of them), without a branch on their values: those of ranks 0 to k - 1 (<see cref="Ranks"/>), ascending,
        /// the first of equal ones first: the rule's own choice.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void TakeFromShortlist(Span<float> values, Span<int> indices, int count, ref float smallest, ref int places, int k)
        {
            (Vector256<int> low, Vector256<int> high) = Ranks(values, count);
            ref float value = ref MemoryMarshal.GetReference(values);
            for (int t = 0, taken = Math.Min(k, count); t < taken; t++)
            {
                int at = AtRank(low, high, t);
                Unsafe.Add(ref smallest, t) = Unsafe.Add(ref value, at);
                Unsafe.Add(ref places, t) = indices[at];
            }
        }

        /// <summary>
        /// The ranks of the first <paramref name="count"/> (at most 16, none NaN) of <paramref name="values"/>, in two
        /// vectors of eight: how many of them come before each (smaller, or equal and earlier), counted against every
        /// other at once. They are 0 to count - 1, each once. The places past the list read as +infinity, which comes
        /// after every value on it and so changes no rank; their own ranks are count.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static (Vector256<int> Low, Vector256<int> High) Ranks(Span<float> values, int count)
        {
            var infinity = Vector256.Create(float.PositiveInfinity);
            var low = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
            var high = low + Vector256.Create(8);
            ref float value = ref MemoryMarshal.GetReference(values);
            Vector256<float> a = Vector256.ConditionalSelect(Vector256.LessThan(low, Vector256.Create(count)).AsSingle(),
                Vector256.LoadUnsafe(ref value), infinity);
            Vector256<float> b = Vector256.ConditionalSelect(Vector256.LessThan(high, Vector256.Create(count)).AsSingle(),
                Vector256.LoadUnsafe(ref value, 8), infinity);
            Vector256<int> rankA = Vector256<int>.Zero, rankB = Vector256<int>.Zero;
            for (int j = 0; j < count; j++)
            {
                Vector256<float> other = Vector256.Create(Unsafe.Add(ref value, j));
                Vector256<int> place = Vector256.Create(j);
                // A true comparison is -1.
                rankA -= Vector256.LessThan(other, a).AsInt32() | (Vector256.Equals(other, a).AsInt32() & Vector256.LessThan(place, low));
                rankB -= Vector256.LessThan(other, b).AsInt32() | (Vector256.Equals(other, b).AsInt32() & Vector256.LessThan(place, high));
            }
            return (rankA, rankB);
        }

        /// <summary>The place of the value of rank <paramref name="rank"/> (below the count ranked).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static int AtRank(Vector256<int> low, Vector256<int> high, int rank)
        {
            var wanted = Vector256.Create(rank);
            return BitOperations.TrailingZeroCount(Vector256.Equals(low, wanted).ExtractMostSignificantBits()
                | Vector256.Equals(high, wanted).ExtractMostSignificantBits() << 8);
        }

        /// <summary>The comparisons of brackets <paramref name="start"/> to <paramref name="start"/> + 63 (fewer at the end
        /// of the whole vectors) with <paramref name="limit"/>, as the bits of one word (bit i: bracket start + i is at or
        /// below it), whose set bits are then visited in order.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static ulong AtOrBelow(ref float first, int start, int whole, Vector256<float> limit)
        {
            int lanes = Vector256<float>.Count;
            ulong below = 0;
            for (int r = start, end = Math.Min(whole, start + 8 * lanes); r < end; r += lanes)
                below |= (ulong)Vector256.LessThanOrEqual(Vector256.LoadUnsafe(ref first, (nuint)r), limit).ExtractMostSignificantBits() << (r - start);
            return below;
        }

        /// <summary>The rule over the brackets at or below the bound, in order (the screen without a shortlist).</summary>
        private static void TakeScreened(ref float first, int whole, float bound, ref float smallest, ref int places, int k)
        {
            int lanes = Vector256<float>.Count;
            Vector256<float> limit = Vector256.Create(bound);
            for (int start = 0; start < whole; start += 8 * lanes)
            {
                for (ulong below = AtOrBelow(ref first, start, whole, limit); below != 0; below &= below - 1)
                {
                    int index = start + BitOperations.TrailingZeroCount(below);
                    Take(ref smallest, ref places, k, Unsafe.Add(ref first, index), index);
                }
            }
        }

        /// <summary>
        /// A bound on the k-th smallest of the first <paramref name="whole"/> brackets (whole vectors, k at most 8): the
        /// k-th smallest of the eight lanes' minima, since they are k brackets from distinct places. The processor's own
        /// minimum (<see cref="Min"/>) is enough: whatever it makes of a NaN, each lane still ends on one of its own
        /// brackets. A NaN lane counts as +infinity, so with fewer than k ordered lanes the bound is +infinity and screens
        /// nothing out. The minima are ranked in <paramref name="scratch"/> (16 floats).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static float Bound(ref float first, int whole, int k, Span<float> scratch)
        {
            int lanes = Vector256<float>.Count;
            // Four running minima, so that consecutive minimums do not wait on each other.
            Vector256<float> m0 = Vector256.LoadUnsafe(ref first), m1 = m0, m2 = m0, m3 = m0;
            int r = lanes;
            for (; r + 4 * lanes <= whole; r += 4 * lanes)
            {
                m0 = Min(m0, Vector256.LoadUnsafe(ref first, (nuint)r));
                m1 = Min(m1, Vector256.LoadUnsafe(ref first, (nuint)(r + lanes)));
                m2 = Min(m2, Vector256.LoadUnsafe(ref first, (nuint)(r + 2 * lanes)));
                m3 = Min(m3, Vector256.LoadUnsafe(ref first, (nuint)(r + 3 * lanes)));
            }
            for (; r < whole; r += lanes)
                m0 = Min(m0, Vector256.LoadUnsafe(ref first, (nuint)r));
            Vector256<float> minima = Min(Min(m0, m1), Min(m2, m3));
            minima = Vector256.ConditionalSelect(Vector256.Equals(minima, minima), minima, Vector256.Create(float.PositiveInfinity));
            // The k-th smallest of the eight, by rank, without a branch.
            minima.CopyTo(scratch);
            (Vector256<int> low, Vector256<int> high) = Ranks(scratch, lanes);
            return scratch[AtRank(low, high, k - 1)];
        }

        /// <summary>The processor's minimum (<c>vminps</c>): the portable one also orders NaN and signed zeros, which the
        /// bound does not need and which costs several instructions more.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<float> Min(Vector256<float> a, Vector256<float> b) => Avx.IsSupported ? Avx.Min(a, b) : Vector256.Min(a, b);

        /// <summary>The rule: <paramref name="value"/> goes in, in its place among the k smallest so far, when it is below
        /// the k-th of them.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Take(ref float smallest, ref int places, int k, float value, int index)
        {
            int i = k - 1;
            if (!(value < Unsafe.Add(ref smallest, i)))
                return;
            for (; i > 0 && Unsafe.Add(ref smallest, i - 1) > value; i--)
            {
                Unsafe.Add(ref smallest, i) = Unsafe.Add(ref smallest, i - 1);
                Unsafe.Add(ref places, i) = Unsafe.Add(ref places, i - 1);
            }
            Unsafe.Add(ref smallest, i) = value;
            Unsafe.Add(ref places, i) = index;
        }
    }
}
