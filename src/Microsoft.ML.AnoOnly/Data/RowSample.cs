using System;

namespace Microsoft.ML.AnoOnly.Data
{
    /// <summary>Seeded samples of row indices.</summary>
    internal static class RowSample
    {
        /// <summary><paramref name="take"/> distinct indices below <paramref name="count"/> (all of them, in order, when
        /// there are no more than that), by a partial Fisher-Yates shuffle.</summary>
        public static int[] WithoutReplacement(int count, int take, Random random)
        {
            var indices = new int[count];
            for (int i = 0; i < count; i++)
                indices[i] = i;
            if (count <= take)
                return indices;
            for (int i = 0; i < take; i++)
            {
                int j = i + random.Next(count - i);
                (indices[i], indices[j]) = (indices[j], indices[i]);
            }
            return indices.AsSpan(0, take).ToArray();
        }
    }
}
