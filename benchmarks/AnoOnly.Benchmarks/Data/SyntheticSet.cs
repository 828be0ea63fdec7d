using System.Collections.Generic;
using Microsoft.ML;

namespace AnoOnly.Benchmarks.Data
{
    /// <summary>A materialised (in-memory) set of <see cref="SyntheticRows"/>.</summary>
    internal sealed class SyntheticSet
    {
        private SyntheticSet(float[][] features, bool[] labeled, bool[] isAnomaly)
        {
            Features = features;
            IsLabeledAnomaly = labeled;
            IsAnomaly = isAnomaly;
        }

        public float[][] Features { get; }
        public bool[] IsLabeledAnomaly { get; }
        public bool[] IsAnomaly { get; }

        public static SyntheticSet Create(int rows, int featureCount, int seed, long firstRow = 0)
        {
            var generator = new SyntheticRows(featureCount, seed);
            var features = new float[rows][];
            var labeled = new bool[rows];
            var anomaly = new bool[rows];
            for (int i = 0; i < rows; i++)
            {
                features[i] = new float[featureCount];
                (anomaly[i], labeled[i]) = generator.Fill(firstRow + i, features[i]);
            }
            return new SyntheticSet(features, labeled, anomaly);
        }

        public IDataView TrainView(MLContext ml) => BenchmarkRows.Train(ml, Features, IsLabeledAnomaly);

        public IDataView FeatureView(MLContext ml) => BenchmarkRows.Features(ml, Features);

        public IReadOnlyList<float[]> Rows => Features;
    }
}
