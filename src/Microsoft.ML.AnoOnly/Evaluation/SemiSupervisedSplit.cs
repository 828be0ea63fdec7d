using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.AnoOnly.Evaluation
{
    /// <summary>
    /// The evaluation protocol of the AnoOnly paper (ADBench's, minus its leaks): a stratified random
    /// train/test split per seed, then on the train part only <c>ceil(labeledFraction x train anomalies)</c>
    /// anomalies (at least one) keep their label; the other train anomalies stay in as unlabeled
    /// contamination. The test part keeps the true labels. Scaling is left to the pipeline (fit
    /// <c>NormalizeMinMax</c> on the train part).
    /// </summary>
    public sealed class SemiSupervisedSplit
    {
        private SemiSupervisedSplit(LabeledDataset train, bool[] trainLabels, LabeledDataset test)
        {
            Train = train;
            TrainLabels = trainLabels;
            Test = test;
        }

        /// <summary>The train rows with their true labels.</summary>
        public LabeledDataset Train { get; }

        /// <summary>The labels the trainer sees: true for the few labeled anomalies, false for every other train row.</summary>
        public bool[] TrainLabels { get; }

        /// <summary>The test rows with their true labels.</summary>
        public LabeledDataset Test { get; }

        /// <summary>Splits <paramref name="data"/> for one seed.</summary>
        /// <param name="data">The full dataset with true labels.</param>
        /// <param name="seed">The split's seed.</param>
        /// <param name="testFraction">Share of each class put in the test part. Default 0.3.</param>
        /// <param name="labeledFraction">Share of train anomalies that keep their label. Default 0.1.</param>
        /// <param name="labelNoise">Share p of wrong anomaly labels: round(p / (1 - p) x labeled) random train
        /// normals are labeled as anomalies too. Default 0.</param>
        /// <returns>The split.</returns>
        public static SemiSupervisedSplit Create(LabeledDataset data, int seed, double testFraction = 0.3,
            double labeledFraction = 0.1, double labelNoise = 0)
        {
            if (!(testFraction > 0 && testFraction < 1))
                throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "Must lie in (0, 1).");
            if (!(labeledFraction > 0 && labeledFraction <= 1))
                throw new ArgumentOutOfRangeException(nameof(labeledFraction), labeledFraction, "Must lie in (0, 1].");
            if (!(labelNoise >= 0 && labelNoise < 1))
                throw new ArgumentOutOfRangeException(nameof(labelNoise), labelNoise, "Must lie in [0, 1).");
            var random = new Random(seed);
            var train = new List<int>();
            var test = new List<int>();
            foreach (bool anomalyClass in new[] { false, true })
            {
                int[] members = Enumerable.Range(0, data.Count).Where(i => data.IsAnomaly[i] == anomalyClass).ToArray();
                Shuffle(members, random);
                int testCount = (int)Math.Round(members.Length * testFraction);
                test.AddRange(members.Take(testCount));
                train.AddRange(members.Skip(testCount));
            }
            int[] trainOrder = train.ToArray();
            Shuffle(trainOrder, random);
            LabeledDataset trainSet = data.Subset(trainOrder);

            int[] trainAnomalies = Enumerable.Range(0, trainSet.Count).Where(i => trainSet.IsAnomaly[i]).ToArray();
            if (trainAnomalies.Length == 0)
                throw new ArgumentException("The train part has no anomaly to label.", nameof(data));
            int labeled = Math.Max(1, (int)Math.Ceiling(labeledFraction * trainAnomalies.Length));
            Shuffle(trainAnomalies, random);
            var labels = new bool[trainSet.Count];
            foreach (int i in trainAnomalies.Take(labeled))
                labels[i] = true;
            if (labelNoise > 0)
            {
                int[] normals = Enumerable.Range(0, trainSet.Count).Where(i => !trainSet.IsAnomaly[i]).ToArray();
                Shuffle(normals, random);
                int wrong = (int)Math.Round(labelNoise / (1 - labelNoise) * labeled);
                foreach (int i in normals.Take(wrong))
                    labels[i] = true;
            }
            return new SemiSupervisedSplit(trainSet, labels, data.Subset(test));
        }

        private static void Shuffle(int[] values, Random random)
        {
            for (int i = values.Length - 1; i > 0; i--)
            {
                int j = random.Next(i + 1);
                (values[i], values[j]) = (values[j], values[i]);
            }
        }
    }
}
