"""What the graph looks like to people and other tools: network and road analysis, the data behind
the pictures, the HTML report, static plots and exports."""
