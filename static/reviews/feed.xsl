<?xml version="1.0" encoding="utf-8"?>
<!-- Shows the Atom feed as a readable page when someone opens it in a browser instead of a feed
     reader. No inline style or script: the public content security policy allows neither. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:atom="http://www.w3.org/2005/Atom" exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="utf-8" doctype-system="about:legacy-compat"/>
  <xsl:template match="/atom:feed">
    <html lang="en-GB">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="atom:title"/> (feed)</title>
        <link rel="stylesheet" href="/static/css/site.css"/>
      </head>
      <body>
        <div class="container">
          <main id="main-content">
            <h1><xsl:value-of select="atom:title"/></h1>
            <div class="notice">
              <p>This is a news feed, for a feed reader app rather than a web browser. <a href="{atom:link[@rel='help']/@href}">How to follow new reviews</a>.</p>
            </div>
            <p><xsl:value-of select="atom:subtitle"/></p>
            <ul class="review-list">
              <xsl:for-each select="atom:entry">
                <li class="review-card">
                  <h2 class="review-card__title"><a href="{atom:link/@href}"><xsl:value-of select="atom:title"/></a></h2>
                  <p class="review-card__meta">Published <xsl:value-of select="substring(atom:published, 1, 10)"/></p>
                  <p class="review-card__description"><xsl:value-of select="atom:summary"/></p>
                </li>
              </xsl:for-each>
            </ul>
            <p><a href="{atom:link[@rel='alternate']/@href}">See every review on the website</a></p>
          </main>
        </div>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
