using System.Linq;
using Microsoft.ML;
using Microsoft.ML.AnoOnly.Evaluation;
using Microsoft.ML.Data;

namespace AnoOnly.Benchmarks.Data
{
    /// <summary>
    /// One split of the protocol (../shared/BENCHMARK.md) ready for every method: the semi-supervised split
    /// of <see cref="SemiSupervisedSplit"/>, min-max scaled by ML.NET's <c>NormalizeMinMax</c> (fixZero: false)
    /// fitted on the train part only and applied to both parts, held in memory.
    /// </summary>
    internal sealed class PreparedSplit
    {
        private PreparedSplit(IDataView train, IDataView test, bool[] testIsAnomaly, int featureCount, float[][] testFeatures)
        {
            Train = train;
            Test = test;
            TestIsAnomaly = testIsAnomaly;
            FeatureCount = featureCount;
            TestFeatures = testFeatures;
        }

        /// <summary>Scaled train rows with the semi-supervised labels (see <see cref="BenchmarkRows.TrainRow"/>).</summary>
        public IDataView Train { get; }

        /// <summary>Scaled test rows (features only).</summary>
        public IDataView Test { get; }

        /// <summary>The test rows' true labels, in <see cref="Test"/>'s order.</summary>
        public bool[] TestIsAnomaly { get; }

        /// <summary>The scaled test rows, for the prediction-engine latency measurement.</summary>
        public float[][] TestFeatures { get; }

        public int FeatureCount { get; }

        public static PreparedSplit Create(MLContext ml, LabeledDataset data, int seed, double labelNoise)
        {
            SemiSupervisedSplit split = SemiSupervisedSplit.Create(data, seed, labelNoise: labelNoise);
            IDataView rawTrain = split.Train.ToDataView(ml, split.TrainLabels);
            ITransformer scaler = ml.Transforms.NormalizeMinMax("Features", fixZero: false).Fit(rawTrain);
            float[][] train = Read(scaler.Transform(rawTrain));
            float[][] test = Read(scaler.Transform(split.Test.ToDataView(ml)));
            return new PreparedSplit(
                BenchmarkRows.Train(ml, train, split.TrainLabels),
                BenchmarkRows.Features(ml, test),
                split.Test.IsAnomaly,
                data.FeatureCount,
                test);
        }

        private static float[][] Read(IDataView view)
            => view.GetColumn<VBuffer<float>>("Features").Select(v => v.DenseValues().ToArray()).ToArray();
    }
}
