// Builds the add-in (taskpane.html: task pane + ribbon commands in one shared-runtime page) and, outside
// production, the workbench (index.html: emulated Excel + the same task pane). In the spirit of
// Microsoft's Office-Addin-TaskPane-React template; certificates are only needed by `npm run start:excel`.
const path = require("path");
const webpack = require("webpack");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const CopyWebpackPlugin = require("copy-webpack-plugin");

const DEV_ORIGIN = "https://localhost:3000";

/** An .ico file holding one PNG image (the ICO format allows PNG payloads since Windows Vista). */
function pngToIco(png) {
  const header = Buffer.alloc(22);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(1, 4); // one image
  header.writeUInt8(png.readUInt32BE(16) & 0xff, 6); // width (PNG IHDR; 256 is written as 0)
  header.writeUInt8(png.readUInt32BE(20) & 0xff, 7); // height
  header.writeUInt16LE(1, 10); // colour planes
  header.writeUInt16LE(32, 12); // bits per pixel
  header.writeUInt32LE(png.length, 14); // image size
  header.writeUInt32LE(22, 18); // image offset
  return Buffer.concat([header, png]);
}

module.exports = (env = {}, argv = {}) => {
  const dev = argv.mode !== "production";
  // `--env workbench` adds the workbench to a production build (the end-to-end tests and `npm start` use it).
  const withWorkbench = dev || Boolean(env.workbench);
  const addinBaseUrl = (process.env.ADDIN_BASE_URL || "").replace(/\/+$/, "");
  if (addinBaseUrl && !addinBaseUrl.startsWith("https://")) {
    throw new Error(
      `ADDIN_BASE_URL must start with https:// (Office loads add-ins only over https), got "${addinBaseUrl}".`
    );
  }

  return {
    mode: dev ? "development" : "production",
    devtool: dev ? "eval-cheap-module-source-map" : false,
    entry: {
      taskpane: "./src/taskpane/index.tsx",
      dialog: "./src/dialog/index.tsx",
      ...(withWorkbench
        ? {
            workbench: "./dev/workbench/index.tsx",
            // the dialog page inside the workbench: the emulated Office of a dialog first, then the real page
            "workbench-dialog": ["./dev/workbench/dialogPage.ts", "./src/dialog/index.tsx"],
          }
        : {}),
    },
    output: {
      path: path.resolve(__dirname, env.outDir || "dist"),
      filename: dev ? "[name].js" : "[name].[contenthash:8].js",
      chunkFilename: dev ? "[name].js" : "[name].[contenthash:8].js",
      publicPath: "auto",
      clean: true,
    },
    resolve: { extensions: [".ts", ".tsx", ".js"] },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          // tsc type-checks separately (npm run typecheck); the loader only transpiles.
          use: {
            loader: "ts-loader",
            options: {
              transpileOnly: true,
              compilerOptions: { noEmit: false, module: "esnext", sourceMap: dev },
            },
          },
        },
        {
          // Our modules run nothing on import, so a module none of whose exports is used is left out even when a
          // barrel (src/sales/index.ts, workflows/api.ts) re-exports it: the pane's first chunk gets only what it
          // calls, not every module behind a re-export.
          include: path.resolve(__dirname, "src"),
          sideEffects: false,
        },
      ],
    },
    optimization: { splitChunks: { chunks: "all" } },
    performance: { hints: false },
    plugins: [
      new webpack.DefinePlugin({
        // The workbench's default API base URL: its simulator (npm start sets SIM_PORT).
        "process.env.CLARET_SIM_URL": JSON.stringify(
          process.env.CLARET_SIM_URL || `http://127.0.0.1:${process.env.SIM_PORT || 3001}`
        ),
      }),
      new HtmlWebpackPlugin({
        filename: "taskpane.html",
        template: "./src/taskpane/taskpane.html",
        chunks: ["taskpane"],
      }),
      // The message dialog a ribbon command opens when the pane cannot be (Office dialog API; same origin).
      new HtmlWebpackPlugin({
        filename: "dialog.html",
        template: "./src/dialog/dialog.html",
        chunks: ["dialog"],
      }),
      ...(withWorkbench
        ? [
            new HtmlWebpackPlugin({
              filename: "index.html",
              template: "./dev/workbench/index.html",
              chunks: ["workbench"],
            }),
            new HtmlWebpackPlugin({
              filename: "workbench-dialog.html",
              template: "./src/dialog/dialog.html",
              chunks: ["workbench-dialog"],
              officeJs: false,
            }),
          ]
        : []),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*.png", to: "assets/[name][ext]" },
          // browsers ask every page's origin for /favicon.ico; answer it with the add-in's icon
          { from: "assets/icon-32.png", to: "favicon.ico", transform: (png) => pngToIco(png) },
          {
            from: "manifest.xml",
            to: "manifest.xml",
            noErrorOnMissing: true,
            transform: (content) =>
              dev || !addinBaseUrl
                ? content
                : content.toString().split(DEV_ORIGIN).join(addinBaseUrl),
          },
        ],
      }),
    ],
    devServer: {
      host: "localhost",
      port: 3000,
      headers: { "Access-Control-Allow-Origin": "*" },
    },
  };
};
