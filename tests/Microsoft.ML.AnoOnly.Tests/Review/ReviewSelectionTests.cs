using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Review
{
    /// <summary><c>SelectRowsToReview</c>: every strategy returns the asked number of distinct rows of the view it was
    /// given, repeatably for a seed, and TopScored returns the highest scores in order.</summary>
    public class ReviewSelectionTests
    {
        private static MLContext _ml = null!;
        private static ITransformer _model = null!;
        private static IDataView _rows = null!;
        private static float[] _scores = null!;

        [OneTimeSetUp]
        public void TrainOnce()
        {
            _ml = new MLContext(seed: 1);
            var (train, test, _) = TestData.SyntheticSplit(_ml, rows: 900);
            _model = _ml.Transforms.NormalizeMinMax("Features")
                .Append(_ml.AnomalyDetection.Trainers.AnoOnly(new AnoOnlyTrainer.Options { Seed = 1, NumberOfEpochs = 5 })).Fit(train);
            _rows = test;
            _scores = _model.Transform(test).GetColumn<float>("Score").ToArray();
        }

        public static IEnumerable<AnoOnlyReviewStrategy> Strategies => Enum.GetValues<AnoOnlyReviewStrategy>();

        [TestCaseSource(nameof(Strategies))]
        public void ReturnsTheAskedNumberOfDistinctRowsOfTheView(AnoOnlyReviewStrategy strategy)
        {
            int[] picks = _ml.AnomalyDetection.SelectRowsToReview(_model, _rows, 20, strategy, seed: 3);
            Assert.That(picks, Has.Length.EqualTo(20));
            Assert.That(picks.Distinct().Count(), Is.EqualTo(20), "no row twice");
            Assert.That(picks, Is.All.InRange(0, _scores.Length - 1), "positions of rows in the view");
        }

        [TestCaseSource(nameof(Strategies))]
        public void TheSameSeedChoosesTheSameRows(AnoOnlyReviewStrategy strategy)
        {
            int[] first = _ml.AnomalyDetection.SelectRowsToReview(_model, _rows, 20, strategy, seed: 3);
            int[] again = new MLContext(seed: 9).AnomalyDetection.SelectRowsToReview(_model, _rows, 20, strategy, seed: 3);
            Assert.That(again, Is.EqualTo(first));
        }

        [Test]
        public void WithoutASeedTheMLContextsSeedDecides()
        {
            int[] Pick(int contextSeed) => new MLContext(seed: contextSeed).AnomalyDetection.SelectRowsToReview(_model, _rows, 20,
                AnoOnlyReviewStrategy.Random);
            Assert.That(Pick(5), Is.EqualTo(Pick(5)));
            Assert.That(Pick(5), Is.Not.EqualTo(Pick(6)));
            int[] seeded3 = _ml.AnomalyDetection.SelectRowsToReview(_model, _rows, 20, AnoOnlyReviewStrategy.Random, seed: 3);
            Assert.That(_ml.AnomalyDetection.SelectRowsToReview(_model, _rows, 20, AnoOnlyReviewStrategy.Random, seed: 4), Is.Not.EqualTo(seeded3));
        }

        [Test]
        public void TopScoredReturnsTheHighestScoresHighestFirst()
        {
            int[] picks = _ml.AnomalyDetection.SelectRowsToReview(_model, _rows, 15, AnoOnlyReviewStrategy.TopScored);
            float[] expected = _scores.OrderByDescending(s => s).Take(15).ToArray();
            Assert.That(picks.Select(i => _scores[i]), Is.EqualTo(expected));
        }

        [Test]
        public void TheRecommendedStrategyStartsFromTheTopScoredRow()
        {
            int[] picks = _ml.AnomalyDetection.SelectRowsToReview(_model, _rows, 20, AnoOnlyReviewOptions.RecommendedStrategy, seed: 1);
            Assert.That(_scores[picks[0]], Is.EqualTo(_scores.Max()));
        }

        [TestCaseSource(nameof(Strategies))]
        public void AskingForMoreRowsThanThereAreReturnsAll(AnoOnlyReviewStrategy strategy)
        {
            IDataView few = _ml.Data.TakeRows(_rows, 7);
            int[] picks = _ml.AnomalyDetection.SelectRowsToReview(_model, few, 20, strategy, seed: 1);
            Assert.That(picks.OrderBy(i => i), Is.EqualTo(Enumerable.Range(0, 7)));
            Assert.That(_ml.AnomalyDetection.SelectRowsToReview(_model, few, 0, strategy, seed: 1), Is.Empty);
        }

        [Test]
        public void AModelWithoutTheScoreColumnIsNamed()
        {
            ITransformer scaler = _ml.Transforms.NormalizeMinMax("Features").Fit(_rows);
            var e = Assert.Throws<AnoOnlyInputException>(() => _ml.AnomalyDetection.SelectRowsToReview(scaler, _rows, 5))!;
            Assert.That(e.ColumnName, Is.EqualTo("Score"));
            Assert.That(() => _ml.AnomalyDetection.SelectRowsToReview(_model, _rows, -1), Throws.TypeOf<ArgumentOutOfRangeException>());
        }
    }
}
