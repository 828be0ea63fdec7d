using System;
using Microsoft.ML.AnoOnly.Data;
using Microsoft.ML.AnoOnly.Training;
using static TorchSharp.torch;

namespace Microsoft.ML.AnoOnly.Backbones.PReNet
{
    /// <summary>A batch of row pairs with their relation targets, which pairs involve a labeled anomaly, and which
    /// pairs hold a confirmed normal and no anomaly (null when the training set has no confirmed normal).</summary>
    internal readonly record struct PairBatch(Tensor Left, Tensor Right, Tensor Target, Tensor InvolvesAnomaly,
        Tensor? ConfirmedNormalPair = null);

    /// <summary>
    /// PReNet's stratified pair batches: (anomaly, anomaly) pairs with the highest target, (anomaly,
    /// unlabeled) pairs with the middle one, (unlabeled, unlabeled) pairs with target 0. Labeled anomalies
    /// are few and drawn with replacement; each group of unlabeled rows is drawn without replacement, as
    /// in the reference, unless the group is larger than the unlabeled rows there are.
    /// Confirmed normals, when the training set has any, take the unlabeled place of up to half of the mixed pairs,
    /// (anomaly, confirmed normal) with the mixed target since the pair is one of an anomaly and a normal row, and the
    /// left place of up to half of the unlabeled pairs, (confirmed normal, unlabeled) with target 0 like two normal rows:
    /// those are the confirmed-normal pairs of <see cref="SampleLosses.ConfirmedNormalMask"/>. Drawn with replacement,
    /// and never more places than there are distinct confirmed normals; every unlabeled place when no unlabeled row is
    /// left. Without them the draws are as before.
    /// </summary>
    internal sealed class PairSampler
    {
        private readonly BatchSampler _sampler;
        // Kept from batch to batch, as the batch's values are (BatchSampler.Scratch): the indices of each draw and the
        // stamps of Floyd's draw. Arrays of these, a HashSet per draw and the targets were most of what a batch allocated.
        private int[]? _indices, _chosen;
        private int _draw;

        public PairSampler(BatchSampler sampler) => _sampler = sampler;

        public PairBatch Next(Random random, int anomalyPairs, int mixedPairs, int unlabeledPairs,
            float anomalyTarget, float mixedTarget, float unlabeledTarget)
        {
            TrainingSet data = _sampler.Data;
            int pairs = anomalyPairs + mixedPairs + unlabeledPairs;
            int width = data.FeatureCount;
            Span<float> left = _sampler.Scratch(0, pairs * width);
            Span<float> right = _sampler.Scratch(1, pairs * width);
            Span<float> target = _sampler.Scratch(2, pairs);
            Span<float> involvesAnomaly = _sampler.Scratch(3, pairs);
            involvesAnomaly.Clear();

            int confirmed = data.ConfirmedNormals.Count;
            // With no unlabeled row left (every row reviewed) confirmed normals take every unlabeled place.
            bool onlyConfirmed = data.Unlabeled.Count == 0;
            int mixedConfirmed = onlyConfirmed ? mixedPairs : Math.Min(confirmed, mixedPairs / 2);
            int unlabeledConfirmed = onlyConfirmed ? unlabeledPairs : Math.Min(confirmed, unlabeledPairs / 2);
            int unlabeledStart = anomalyPairs + mixedPairs;
            Copy(data.Anomalies, WithReplacement(random, data.Anomalies.Count, anomalyPairs + mixedPairs), left, 0);
            Copy(data.Anomalies, WithReplacement(random, data.Anomalies.Count, anomalyPairs), right, 0);
            Copy(data.ConfirmedNormals, WithReplacement(random, confirmed, mixedConfirmed), right, anomalyPairs);
            Copy(data.Unlabeled, Unlabeled(random, mixedPairs - mixedConfirmed), right, anomalyPairs + mixedConfirmed);
            Copy(data.ConfirmedNormals, WithReplacement(random, confirmed, unlabeledConfirmed), left, unlabeledStart);
            Copy(data.Unlabeled, Unlabeled(random, unlabeledPairs - unlabeledConfirmed), left, unlabeledStart + unlabeledConfirmed);
            Copy(data.NormalRows, Unlabeled(random, unlabeledPairs), right, unlabeledStart);
            int row = 0;
            for (; row < anomalyPairs; row++)
                (target[row], involvesAnomaly[row]) = (anomalyTarget, 1);
            for (; row < unlabeledStart; row++)
                (target[row], involvesAnomaly[row]) = (mixedTarget, 1);
            for (; row < pairs; row++)
                target[row] = unlabeledTarget;

            Device device = _sampler.Device;
            Tensor? confirmedPairs = null;
            if (confirmed > 0)
            {
                Span<float> marks = _sampler.Scratch(4, pairs);
                marks.Clear();
                marks.Slice(unlabeledStart, unlabeledConfirmed).Fill(1);
                confirmedPairs = TensorImport.Vector(marks, device);
            }
            return new PairBatch(
                _sampler.ToDevice(left, pairs),
                _sampler.ToDevice(right, pairs),
                TensorImport.Vector(target, device),
                TensorImport.Vector(involvesAnomaly, device),
                confirmedPairs);
        }

        private Span<int> Unlabeled(Random random, int count)
        {
            int available = _sampler.Data.NormalRows.Count;
            return count <= available ? WithoutReplacement(random, available, count) : WithReplacement(random, available, count);
        }

        private Span<int> WithReplacement(Random random, int available, int count)
        {
            Span<int> indices = BatchSampler.Reuse(ref _indices, count);
            for (int i = 0; i < count; i++)
                indices[i] = random.Next(available);
            return indices;
        }

        /// <summary>Robert Floyd's algorithm: <paramref name="count"/> distinct indices below
        /// <paramref name="available"/> in O(count), however many unlabeled rows were kept. An index is taken in this
        /// draw when its stamp is this draw's number, so the stamps need no clearing between draws.</summary>
        private Span<int> WithoutReplacement(Random random, int available, int count)
        {
            Span<int> indices = BatchSampler.Reuse(ref _indices, count);
            Span<int> chosen = BatchSampler.Reuse(ref _chosen, available);
            if (++_draw == int.MaxValue)
            {
                Array.Clear(_chosen!); // the whole array: stamps past this draw's rows stay from earlier, larger draws
                _draw = 1;
            }
            int n = 0;
            for (int j = available - count; j < available; j++)
            {
                int candidate = random.Next(j + 1);
                int taken = chosen[candidate] == _draw ? j : candidate;
                chosen[taken] = _draw;
                indices[n++] = taken;
            }
            // Floyd's order puts late indices late; shuffled, so that two groups paired position by position
            // are independent.
            random.Shuffle(indices);
            return indices;
        }

        private static void Copy(RowBuffer source, ReadOnlySpan<int> indices, Span<float> destination, int firstRow)
            => source.Gather(indices, destination.Slice(firstRow * source.Width));
    }
}
