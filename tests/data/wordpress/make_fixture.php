<?php
/**
 * Builds tests/data/wordpress/export.xml with a real WordPress: content is created with
 * WordPress's own functions and written out by its own export_wp().
 *
 * Needs Debian's wordpress, php-cli, php-mysql and a MariaDB the script may write to:
 *
 *   WP_DB_HOST=127.0.0.1:3307 WP_DB_NAME=wordpress WP_DB_USER=wordpress WP_DB_PASSWORD=wp \
 *     php tests/data/wordpress/make_fixture.php > tests/data/wordpress/export.xml
 *
 * The database is emptied first, so each run starts from a fresh install. Debian's
 * wp-config.php looks for a per-host file in /etc/wordpress; this script sets the same
 * constants itself and then loads wp-settings.php as wp-load.php would.
 */

$wp_path = rtrim( getenv( 'WP_PATH' ) ?: '/usr/share/wordpress', '/' ) . '/';
$content_dir = getenv( 'WP_CONTENT' ) ?: sys_get_temp_dir() . '/marginalia-wp-content';

define( 'ABSPATH', $wp_path );
define( 'DB_NAME', getenv( 'WP_DB_NAME' ) ?: 'wordpress' );
define( 'DB_USER', getenv( 'WP_DB_USER' ) ?: 'wordpress' );
define( 'DB_PASSWORD', getenv( 'WP_DB_PASSWORD' ) ?: 'wp' );
define( 'DB_HOST', getenv( 'WP_DB_HOST' ) ?: '127.0.0.1:3307' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );
define( 'WP_CONTENT_DIR', $content_dir );
define( 'WP_CONTENT_URL', 'https://old.example.org/wp-content' );
define( 'WP_HOME', 'https://old.example.org' );
define( 'WP_SITEURL', 'https://old.example.org' );
define( 'WP_INSTALLING', true );
$table_prefix = 'wp_';
$_SERVER['HTTP_HOST'] = 'old.example.org';
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['SERVER_NAME'] = 'old.example.org';

// A fresh install each run: drop whatever an earlier run left.
$db = new mysqli( ...marginalia_db_args() );
foreach ( $db->query( 'SHOW TABLES' )->fetch_all() as $row ) {
	$db->query( 'DROP TABLE `' . $row[0] . '`' );
}
$db->close();

function marginalia_db_args() {
	$parts = explode( ':', DB_HOST );
	return array( $parts[0], DB_USER, DB_PASSWORD, DB_NAME, (int) ( $parts[1] ?? 3306 ) );
}

require ABSPATH . 'wp-settings.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/export.php';
require_once ABSPATH . 'wp-admin/includes/image.php';

ob_start(); // wp_install() and friends may print; only the export goes to stdout.
wp_install( 'Field Notes', 'ada', 'ada@example.org', true, '', 'not-a-real-password' );
// The install's sample post, page and privacy page carry today's date; the fixture must not.
foreach ( array( 1, 2, 3 ) as $sample ) {
	wp_delete_post( $sample, true );
}
update_option( 'timezone_string', 'Europe/Berlin' );
update_option( 'permalink_structure', '/%year%/%monthnum%/%postname%/' );
global $wp_rewrite;
$wp_rewrite->init();
$wp_rewrite->set_permalink_structure( '/%year%/%monthnum%/%postname%/' );

$ada = get_user_by( 'login', 'ada' );
wp_update_user( array( 'ID' => $ada->ID, 'display_name' => 'Ada Lindqvist', 'first_name' => 'Ada', 'last_name' => 'Lindqvist' ) );
$rowan = wp_insert_user( array(
	'user_login'   => 'rowan',
	'user_pass'    => 'not-a-real-password',
	'user_email'   => 'rowan@example.org',
	'display_name' => 'Rowan Achebe',
	'first_name'   => 'Rowan',
	'last_name'    => 'Achebe',
	'role'         => 'author',
) );

$water = wp_insert_term( 'Water', 'category', array( 'slug' => 'water' ) )['term_id'];
$cities = wp_insert_term( 'Cities', 'category', array( 'slug' => 'cities' ) )['term_id'];

/** A post at a fixed local time (Europe/Berlin), with its GMT twin as WordPress stores it. */
function marginalia_post( $fields, $local ) {
	$defaults = array(
		'post_status'   => 'publish',
		'post_type'     => 'post',
		'post_date'     => $local,
		'post_date_gmt' => get_gmt_from_date( $local ),
		'comment_status' => 'open',
	);
	$id = wp_insert_post( array_merge( $defaults, $fields ), true );
	if ( is_wp_error( $id ) ) {
		fwrite( STDERR, $id->get_error_message() . "\n" );
		exit( 1 );
	}
	return $id;
}

// 1. Classic HTML pasted from a word processor: bracketed markers and a notes list.
$pasted = marginalia_post( array(
	'post_title'   => 'Rivers of Contention',
	'post_name'    => 'rivers-of-contention',
	'post_author'  => $ada->ID,
	'post_excerpt' => 'Who owns a river that crosses three borders?',
	'post_content' => <<<'HTML'
<p>The Nile has been argued over for a century [1]. Upstream dams changed the bargaining, as the <em>Times</em> reported [2], and the argument went on [3].</p>
<h2>A treaty nobody signed</h2>
<p>Negotiators met in <a href="https://example.org/khartoum">Khartoum</a> in 2015 [4].</p>
<img class="alignnone size-full wp-image-99" src="https://old.example.org/wp-content/uploads/2019/10/river.png" alt="The river at dawn" width="2" height="2" />
<p>Notes</p>
<p>[1] Jane Marsh, Rivers of Contention (London: Verso, 2011), 45.</p>
<p>[2] Declan Walsh, “Nile Dam Talks Stall,” The New York Times, October 26, 2019, https://www.nytimes.com/2019/10/26/world/africa/nile-dam.html.</p>
<p>[3] Ibid., 52.</p>
<p>[4] The delegates never published minutes; this is from two interviews.</p>
HTML
	,
), '2019-10-28 09:30:00' );
wp_set_post_terms( $pasted, array( $water ), 'category' );
wp_set_post_terms( $pasted, array( 'rivers', 'borders' ), 'post_tag' );

$upload_dir = wp_upload_dir( '2019/10' );
wp_mkdir_p( $upload_dir['path'] );
$image_path = $upload_dir['path'] . '/river.png';
// A 2x2 PNG: enough for Pillow to read, small enough to commit.
file_put_contents( $image_path, base64_decode( 'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGNkYPjPwMDAxMDAwMDAAAAWDAEB3UktzAAAAABJRU5ErkJggg==' ) );
$image = wp_insert_attachment( array(
	'post_title'     => 'The river at dawn',
	'post_name'      => 'river-at-dawn',
	'post_excerpt'   => 'The Nile near Aswan, before the tourists.',
	'post_mime_type' => 'image/png',
	'post_status'    => 'inherit',
	'post_author'    => $ada->ID,
	'post_date'      => '2019-10-28 09:00:00',
	'post_date_gmt'  => get_gmt_from_date( '2019-10-28 09:00:00' ),
	'guid'           => $upload_dir['url'] . '/river.png',
), $image_path, $pasted );
update_post_meta( $image, '_wp_attachment_image_alt', 'The river at dawn' );
set_post_thumbnail( $pasted, $image );

// 2. Block markup with WordPress 6.3+ core footnotes: <sup data-fn> markers, notes in meta.
$fn_a = '6f1e0f5b-6b63-4f3b-9d5e-8a7b1c2d3e4f';
$fn_b = 'b2c4d6e8-1a3b-4c5d-8e9f-0a1b2c3d4e5f';
$blocks = marginalia_post( array(
	'post_title'   => 'Cities that drink their rain',
	'post_name'    => 'cities-that-drink-their-rain',
	'post_author'  => $rowan,
	'post_excerpt' => 'Sponge cities, ten years on.',
	'post_content' => <<<HTML
<!-- wp:paragraph -->
<p>Wuhan promised to absorb 70 percent of its rain<sup data-fn="$fn_a" class="fn"><a href="#$fn_a" id="$fn_a-link">1</a></sup>, and <strong>most</strong> districts did<sup data-fn="$fn_b" class="fn"><a href="#$fn_b" id="$fn_b-link">2</a></sup>.</p>
<!-- /wp:paragraph -->

<!-- wp:list -->
<ul><li>Permeable pavements</li><li>Wetland parks</li></ul>
<!-- /wp:list -->

<!-- wp:table -->
<figure class="wp-block-table"><table><tbody><tr><td colspan="2">Rainfall absorbed</td></tr><tr><td>2015</td><td>20%</td></tr></tbody></table></figure>
<!-- /wp:table -->

<!-- wp:footnotes /-->
HTML
	,
), '2021-03-14 18:00:00' );
update_post_meta( $blocks, 'footnotes', wp_slash( wp_json_encode( array(
	array( 'id' => $fn_a, 'content' => 'Yu Kongjian, “The Sponge City,” <em>Landscape Architecture Frontiers</em>, March 2015, 12.' ),
	array( 'id' => $fn_b, 'content' => 'Some districts reported figures nobody could check.' ),
) ) ) );
wp_set_post_terms( $blocks, array( $cities, $water ), 'category' );
wp_set_post_terms( $blocks, array( 'rain' ), 'post_tag' );

// 3. <sup> links to an ordered notes list, as many themes and older plugins write them.
$sup = marginalia_post( array(
	'post_title'   => 'The aquifer ledger',
	'post_name'    => 'aquifer-ledger',
	'post_author'  => $ada->ID,
	'post_content' => <<<'HTML'
<p>Farmers pumped twice what the aquifer could bear.<sup><a href="#note-1" id="ref-1">1</a></sup> The ledger was never balanced.<sup><a href="#note-2" id="ref-2">2</a></sup></p>
<ol class="footnotes">
<li id="note-1">Jane Marsh, Rivers of Contention (London: Verso, 2011), 88. <a href="#ref-1">↩</a></li>
<li id="note-2">Ibid., 90. <a href="#ref-2">↩</a></li>
</ol>
HTML
	,
), '2022-05-02 08:15:00' );
wp_set_post_terms( $sup, array( $water ), 'category' );

// 4. Plugin syntaxes: Easy Footnotes' [efn_note] and the double parentheses of others.
$plugins = marginalia_post( array(
	'post_title'   => 'Small dams, long memories',
	'post_name'    => 'small-dams',
	'post_author'  => $rowan,
	'post_content' => "<p>Villages kept their own records.[efn_note]Declan Walsh, “Nile Dam Talks Stall,” The New York Times, October 26, 2019.[/efn_note] Some were lost in floods.((A remark the author added later, citing no one.))</p>",
), '2023-01-09 12:00:00' );
wp_set_post_terms( $plugins, array( $cities ), 'category' );

// 5. Not published: a draft, a post scheduled for later, a private post, and a page.
marginalia_post( array(
	'post_title'  => 'Notes toward a draft',
	'post_name'   => 'notes-toward-a-draft',
	'post_status' => 'draft',
	'post_author' => $ada->ID,
	'post_content' => '<p>Half an idea.</p>',
), '2024-02-01 10:00:00' );
marginalia_post( array(
	'post_title'  => 'The monsoon that came late',
	'post_name'   => 'monsoon-late',
	'post_status' => 'future',
	'post_author' => $rowan,
	'post_content' => '<p>Due in 2031.</p>',
), '2031-06-01 07:00:00' );
marginalia_post( array(
	'post_title'  => 'Editors only',
	'post_name'   => 'editors-only',
	'post_status' => 'private',
	'post_author' => $ada->ID,
	'post_content' => '<p>Not for readers.</p>',
), '2020-01-01 10:00:00' );
marginalia_post( array(
	'post_title'  => 'About',
	'post_name'   => 'about',
	'post_type'   => 'page',
	'post_author' => $ada->ID,
	'post_content' => '<p>A publication about water.</p>',
), '2019-01-01 10:00:00' );

// Comments on the first post: threads four deep (one more than the site shows), every state.
// export_wp() leaves spam out of the file, as WordPress does on every export.
function marginalia_comment( $post, $fields, $local ) {
	$defaults = array(
		'comment_post_ID'      => $post,
		'comment_author_email' => strtolower( str_replace( ' ', '.', $fields['comment_author'] ) ) . '@example.net',
		'comment_author_url'   => '',
		'comment_author_IP'    => '203.0.113.7',
		'comment_agent'        => 'Mozilla/5.0 (X11; Linux x86_64) Firefox/118.0',
		'comment_date'         => $local,
		'comment_date_gmt'     => get_gmt_from_date( $local ),
		'comment_approved'     => 1,
		'comment_type'         => 'comment',
	);
	return wp_insert_comment( array_merge( $defaults, $fields ) );
}

$top = marginalia_comment( $pasted, array(
	'comment_author'     => 'Mira Okafor',
	'comment_author_url' => 'https://mira.example.net/',
	'comment_content'    => "The 1959 agreement deserves a mention.\n\nIt set the shares.",
), '2019-10-28 11:00:00' );
$second = marginalia_comment( $pasted, array(
	'comment_author'  => 'Ada Lindqvist',
	'comment_author_email' => 'ada@example.org',
	'user_id'         => $ada->ID,
	'comment_parent'  => $top,
	'comment_content' => 'It does; a follow-up is coming.',
), '2019-10-28 12:00:00' );
$third = marginalia_comment( $pasted, array(
	'comment_author'  => 'Tomás Reyes',
	'comment_author_IP' => '2001:db8::1',
	'comment_parent'  => $second,
	'comment_content' => 'Looking forward to it.',
), '2019-10-28 13:00:00' );
marginalia_comment( $pasted, array(
	'comment_author'  => 'Mira Okafor',
	'comment_author_url' => 'https://mira.example.net/',
	'comment_parent'  => $third,
	'comment_content' => 'So am I. (A fourth level, deeper than the site shows.)',
), '2019-10-28 14:00:00' );
marginalia_comment( $pasted, array(
	'comment_author'   => 'Pending Person',
	'comment_approved' => 0,
	'comment_parent'   => $top,
	'comment_content'  => 'Waiting for a moderator.',
), '2019-10-29 09:00:00' );
marginalia_comment( $pasted, array(
	'comment_author'   => 'Cheap Pills',
	'comment_author_url' => 'https://pills.example.com/',
	'comment_approved' => 'spam',
	'comment_content'  => 'Buy cheap pills now',
), '2019-10-29 10:00:00' );
marginalia_comment( $pasted, array(
	'comment_author'   => 'Trashed Remark',
	'comment_approved' => 'trash',
	'comment_parent'   => $second,
	'comment_content'  => 'Off topic, removed.',
), '2019-10-29 11:00:00' );
marginalia_comment( $blocks, array(
	'comment_author'  => 'Lin Wei',
	'comment_content' => 'Wuhan flooded again in 2020, <b>though</b>.',
), '2021-03-15 08:00:00' );
// A pingback: WordPress exports them with the comments; they are not reader comments.
marginalia_comment( $blocks, array(
	'comment_author'  => 'Another Blog',
	'comment_author_url' => 'https://blog.example.com/post',
	'comment_type'    => 'pingback',
	'comment_content' => '[&#8230;] a link to this post [&#8230;]',
), '2021-03-16 08:00:00' );

ob_end_clean();
export_wp( array( 'content' => 'all' ) );
