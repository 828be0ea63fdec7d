using System;
using System.Collections.Generic;
using Microsoft.ML.AnoOnly.Data;
using Microsoft.ML.AnoOnly.Training;
using static TorchSharp.torch;

namespace Microsoft.ML.AnoOnly.Backbones.PReNet
{
    /// <summary>A batch of row pairs with their relation targets and which pairs involve a labeled anomaly.</summary>
    internal readonly record struct PairBatch(Tensor Left, Tensor Right, Tensor Target, Tensor InvolvesAnomaly);

    /// <summary>
    /// PReNet's stratified pair batches: (anomaly, anomaly) pairs with the highest target, (anomaly,
    /// unlabeled) pairs with the middle one, (unlabeled, unlabeled) pairs with target 0. Labeled anomalies
    /// are few and drawn with replacement; each group of unlabeled rows is drawn without replacement, as
    /// in the reference, unless the group is larger than the unlabeled rows there are.
    /// </summary>
    internal sealed class PairSampler
    {
        private readonly BatchSampler _sampler;

        public PairSampler(BatchSampler sampler) => _sampler = sampler;

        public PairBatch Next(Random random, int anomalyPairs, int mixedPairs, int unlabeledPairs,
            float anomalyTarget, float mixedTarget, float unlabeledTarget)
        {
            TrainingSet data = _sampler.Data;
            int pairs = anomalyPairs + mixedPairs + unlabeledPairs;
            int width = data.FeatureCount;
            var left = new float[pairs * width];
            var right = new float[pairs * width];
            var target = new float[pairs];
            var involvesAnomaly = new float[pairs];

            Copy(data.Anomalies, WithReplacement(random, data.Anomalies.Count, anomalyPairs + mixedPairs), left, 0);
            Copy(data.Anomalies, WithReplacement(random, data.Anomalies.Count, anomalyPairs), right, 0);
            Copy(data.Unlabeled, Unlabeled(random, mixedPairs), right, anomalyPairs);
            Copy(data.Unlabeled, Unlabeled(random, unlabeledPairs), left, anomalyPairs + mixedPairs);
            Copy(data.Unlabeled, Unlabeled(random, unlabeledPairs), right, anomalyPairs + mixedPairs);
            int row = 0;
            for (; row < anomalyPairs; row++)
                (target[row], involvesAnomaly[row]) = (anomalyTarget, 1);
            for (; row < anomalyPairs + mixedPairs; row++)
                (target[row], involvesAnomaly[row]) = (mixedTarget, 1);
            for (; row < pairs; row++)
                target[row] = unlabeledTarget;

            Device device = _sampler.Device;
            return new PairBatch(
                _sampler.ToDevice(left, pairs),
                _sampler.ToDevice(right, pairs),
                tensor(target, device: device),
                tensor(involvesAnomaly, device: device));
        }

        private int[] Unlabeled(Random random, int count)
        {
            int available = _sampler.Data.Unlabeled.Count;
            return count <= available ? WithoutReplacement(random, available, count) : WithReplacement(random, available, count);
        }

        private static int[] WithReplacement(Random random, int available, int count)
        {
            var indices = new int[count];
            for (int i = 0; i < count; i++)
                indices[i] = random.Next(available);
            return indices;
        }

        /// <summary>Robert Floyd's algorithm: <paramref name="count"/> distinct indices below
        /// <paramref name="available"/> in O(count), however many unlabeled rows were kept.</summary>
        private static int[] WithoutReplacement(Random random, int available, int count)
        {
            var chosen = new HashSet<int>(count);
            var indices = new int[count];
            int n = 0;
            for (int j = available - count; j < available; j++)
            {
                int candidate = random.Next(j + 1);
                indices[n++] = chosen.Add(candidate) ? candidate : AddSelf(chosen, j);
            }
            // Floyd's order puts late indices late; shuffled, so that two groups paired position by position
            // are independent.
            random.Shuffle(indices);
            return indices;
        }

        private static int AddSelf(HashSet<int> chosen, int j)
        {
            chosen.Add(j);
            return j;
        }

        private static void Copy(RowBuffer source, int[] indices, float[] destination, int firstRow)
            => source.Gather(indices, destination.AsSpan(firstRow * source.Width));
    }
}
