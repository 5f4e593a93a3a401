"""Figure snapshots: what figure checks can see of a matplotlib figure."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def test_snapshot_reads_labels_counts_and_texts(harness):
    figure, ax = plt.subplots()
    ax.hist([1, 2, 2, 3, 3, 3], bins=3)
    ax.set_title("Prices")
    ax.set_xlabel("price")
    ax.text(0.5, 0.5, "42")
    snapshot = harness._figure_snapshot(figure)
    plt.close(figure)
    axes = snapshot["axes"][0]
    assert axes["title"] == "Prices"
    assert axes["xlabel"] == "price" and axes["ylabel"] == ""
    assert axes["patches"] == 3
    assert axes["texts"] == ["42"]


def test_snapshot_reads_images_and_suptitle(harness):
    figure, ax = plt.subplots()
    ax.imshow([[1, 2], [3, 4]])
    figure.suptitle("Confusion")
    snapshot = harness._figure_snapshot(figure)
    plt.close(figure)
    assert snapshot["suptitle"] == "Confusion"
    assert snapshot["axes"][0]["images"] == 1
