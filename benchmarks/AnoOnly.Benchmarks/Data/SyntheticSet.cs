using Microsoft.ML;

namespace AnoOnly.Benchmarks.Data
{
    /// <summary>A materialised (in-memory) set of <see cref="SyntheticRows"/>.</summary>
    internal sealed class SyntheticSet
    {
        private SyntheticSet(float[][] features, bool[] labeled)
        {
            Features = features;
            IsLabeledAnomaly = labeled;
        }

        public float[][] Features { get; }
        public bool[] IsLabeledAnomaly { get; }

        public static SyntheticSet Create(int rows, int featureCount, int seed)
        {
            var generator = new SyntheticRows(featureCount, seed);
            var features = new float[rows][];
            var labeled = new bool[rows];
            for (int i = 0; i < rows; i++)
            {
                features[i] = new float[featureCount];
                labeled[i] = generator.Fill(i, features[i]).IsLabeled;
            }
            return new SyntheticSet(features, labeled);
        }

        public IDataView TrainView(MLContext ml) => BenchmarkRows.Train(ml, Features, IsLabeledAnomaly);

        public IDataView FeatureView(MLContext ml) => BenchmarkRows.Features(ml, Features);
    }
}
