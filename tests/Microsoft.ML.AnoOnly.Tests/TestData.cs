using System;
using System.IO;
using Microsoft.ML.AnoOnly.Evaluation;

namespace Microsoft.ML.AnoOnly.Tests
{
    /// <summary>Seeded synthetic data for the tests, and the repository root (bundled sets: <see cref="TestDatasets"/>).</summary>
    internal static class TestData
    {
        public static string RepoRoot { get; } = FindRepoRoot();

        /// <summary>Normal rows ~ N(0.5, 0.1) per feature; anomalies shifted by +0.3 on a few features.</summary>
        public static LabeledDataset Synthetic(int rows, int features, double anomalyShare, int seed)
        {
            var random = new Random(seed);
            var data = new float[rows][];
            var labels = new bool[rows];
            for (int i = 0; i < rows; i++)
            {
                labels[i] = random.NextDouble() < anomalyShare;
                data[i] = new float[features];
                for (int j = 0; j < features; j++)
                {
                    double value = 0.5 + 0.1 * Normal(random);
                    if (labels[i] && j % 3 == 0)
                        value += 0.3;
                    data[i][j] = (float)value;
                }
            }
            return new LabeledDataset(data, labels);
        }

        /// <summary>The train view of a synthetic set: a Boolean-free Single label where 1 = labeled anomaly.</summary>
        public static (IDataView Train, IDataView Test, SemiSupervisedSplit Split) SyntheticSplit(MLContext ml, int rows = 600, int features = 8, int seed = 1)
        {
            var split = SemiSupervisedSplit.Create(Synthetic(rows, features, 0.1, seed), seed);
            return (split.Train.ToDataView(ml, split.TrainLabels), split.Test.ToDataView(ml), split);
        }

        private static double Normal(Random random)
            => Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

        private static string FindRepoRoot()
        {
            string? dir = AppContext.BaseDirectory;
            while (dir != null && !File.Exists(Path.Combine(dir, "AnoOnly.sln")))
                dir = Path.GetDirectoryName(dir);
            return dir ?? throw new InvalidOperationException("Cannot find AnoOnly.sln above " + AppContext.BaseDirectory);
        }
    }
}
