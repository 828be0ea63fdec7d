namespace AnoOnly.Benchmarks.Data
{
    /// <summary>
    /// Deterministic synthetic rows for the speed and scale measurements: row i depends only on (seed, i), so
    /// a streamed view and a materialised copy hold the same data. Features lie around 0.5 (already in the
    /// [0, 1] range min-max scaling gives); 5 % of rows are anomalies, shifted by +0.3 on every third feature,
    /// and 10 % of those carry the anomaly label (the protocol's labeled share).
    /// </summary>
    internal readonly struct SyntheticRows
    {
        public const double AnomalyShare = 0.05;
        public const double LabeledShare = 0.1;

        private readonly ulong _seed;

        public SyntheticRows(int featureCount, int seed)
        {
            FeatureCount = featureCount;
            _seed = (ulong)seed * 0x9E3779B97F4A7C15UL;
        }

        public int FeatureCount { get; }

        /// <summary>Writes row <paramref name="index"/> into <paramref name="features"/>; returns whether it is a
        /// true anomaly and whether it carries the anomaly label.</summary>
        public (bool IsAnomaly, bool IsLabeled) Fill(long index, float[] features)
        {
            ulong state = _seed ^ ((ulong)index * 0xD1B54A32D192ED03UL);
            bool anomaly = Uniform(ref state) < AnomalyShare;
            bool labeled = anomaly && Uniform(ref state) < LabeledShare;
            for (int j = 0; j < features.Length; j++)
            {
                // Sum of three uniforms: a cheap bell shape around 0.5 (sd about 0.1).
                double noise = Uniform(ref state) + Uniform(ref state) + Uniform(ref state) - 1.5;
                double value = 0.5 + 0.2 * noise;
                if (anomaly && j % 3 == 0)
                    value += 0.3;
                features[j] = (float)value;
            }
            return (anomaly, labeled);
        }

        /// <summary>SplitMix64 step mapped to [0, 1).</summary>
        private static double Uniform(ref ulong state)
        {
            ulong z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (z >> 11) * (1.0 / (1UL << 53));
        }
    }
}
